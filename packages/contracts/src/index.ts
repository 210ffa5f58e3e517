export * from './common';
export * from './events';
export * from './api/customer';
export * from './api/order';
export * from './api/payment';
export * from './api/product';
export * from './api/export';
export * from './tokens';
