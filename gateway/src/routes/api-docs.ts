import path from 'node:path';
import { Router } from 'express';
import { contentSecurityPolicy } from 'helmet';
import type { AsyncApiDocument } from '../asyncapi';
import { renderAsyncApiHtml } from '../asyncapi-html';
import type { OpenApiDocument } from '../openapi';

/** The viewer's own page and start-up script (gateway/static, beside both src/ and dist/). */
const VIEWER_DIR = path.resolve(__dirname, '..', '..', 'static', 'api-docs');
const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));
/** Only what the page loads (and the source maps devtools ask for), not the package's demo page. */
const SWAGGER_UI_FILES = [
  'swagger-ui.css',
  'swagger-ui.css.map',
  'swagger-ui-bundle.js',
  'swagger-ui-bundle.js.map',
  'favicon-32x32.png',
  'favicon-16x16.png',
];

/**
 * Helmet's policy (scripts and styles from this origin only) minus `upgrade-insecure-requests`:
 * the gateway answers plain http on its own port, and a browser that upgraded the page's
 * same-origin assets to https would find nothing there.
 */
const viewerPolicy = contentSecurityPolicy({ directives: { upgradeInsecureRequests: null } });

/**
 * `/api/docs`: the OpenAPI document and Swagger UI to read and try it, and the AsyncAPI
 * document of the events with a page rendered from it here (`/api/docs/events`, plain HTML, no
 * script), every file served from the gateway itself (no CDN). Mounted outside /api/v1, so
 * neither tokens nor rate limits apply, and nothing here calls Dapr.
 */
export function apiDocsRoutes(document: OpenApiDocument, events: AsyncApiDocument): Router {
  const router = Router();
  const json = JSON.stringify(document);
  const eventsJson = JSON.stringify(events);
  const eventsPage = renderAsyncApiHtml(events, { json: '/api/docs/events.json', api: '/api/docs' });
  router.get('/openapi.json', (_req, res) => void res.type('application/json').send(json));
  router.get('/events.json', (_req, res) => void res.type('application/json').send(eventsJson));
  router.get('/events', viewerPolicy, (_req, res) => void res.type('text/html').send(eventsPage));
  router.get('/events.css', (_req, res) => res.sendFile(path.join(VIEWER_DIR, 'events.css')));
  router.get('/', viewerPolicy, (_req, res) => res.sendFile(path.join(VIEWER_DIR, 'index.html')));
  router.get('/init.js', (_req, res) => res.sendFile(path.join(VIEWER_DIR, 'init.js')));
  for (const file of SWAGGER_UI_FILES) {
    router.get(`/swagger-ui/${file}`, (_req, res) =>
      res.sendFile(path.join(SWAGGER_UI_DIR, file), { maxAge: '1d' }),
    );
  }
  return router;
}
