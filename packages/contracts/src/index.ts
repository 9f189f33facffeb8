export * from './common.js';
export * from './auth.js';
export * from './people.js';
export * from './audit.js';
export * from './notifications.js';
export * from './smart.js';
export * from './scheduling.js';
export * from './billing.js';
