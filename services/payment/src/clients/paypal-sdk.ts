import { createRequire } from 'node:module';

/**
 * `@paypal/checkout-server-sdk` ships no type declarations. These are the parts Sidecart
 * uses, written from the SDK's source (lib/core, lib/orders, lib/payments).
 */
export type SdkRequest = {
  path: string;
  verb: 'GET' | 'POST' | 'PATCH';
  body: unknown;
  headers: Record<string, string>;
};
export type SdkResponse<T> = { statusCode: number; headers: Record<string, string>; result: T };
/** What the SDK rejects with for a non-2xx answer: the body as text. */
export type SdkHttpError = Error & { statusCode?: number; message: string };

export interface PayPalEnvironmentClass {
  new (clientId: string, clientSecret: string, baseUrl: string, webUrl: string): object;
}
export interface PayPalHttpClient {
  execute<T>(request: SdkRequest): Promise<SdkResponse<T>>;
}

type RequestClass<A extends unknown[]> = new (...args: A) => SdkRequest & {
  requestBody(body: unknown): SdkRequest;
};

export type CheckoutSdk = {
  core: {
    PayPalEnvironment: PayPalEnvironmentClass;
    PayPalHttpClient: new (environment: object) => PayPalHttpClient;
  };
  orders: {
    OrdersCreateRequest: RequestClass<[]>;
    OrdersGetRequest: new (orderId: string) => SdkRequest;
    OrdersCaptureRequest: RequestClass<[orderId: string]>;
    OrdersPatchRequest: RequestClass<[orderId: string]>;
  };
  payments: { CapturesRefundRequest: RequestClass<[captureId: string]> };
};

export const checkoutSdk = createRequire(__filename)('@paypal/checkout-server-sdk') as CheckoutSdk;
