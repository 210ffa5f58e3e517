// Starts Swagger UI on the gateway's document. A file rather than an inline script because
// the gateway's Content-Security-Policy runs scripts from its own origin only.
/* global window, SwaggerUIBundle */
window.ui = SwaggerUIBundle({
  url: '/api/docs/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  // No badge from swagger.io's online validator: the page needs nothing outside the gateway.
  validatorUrl: null,
});
