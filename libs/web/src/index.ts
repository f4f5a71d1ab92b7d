export * from './auth/admin-token.js';
export * from './auth/authenticated.decorator.js';
export * from './events/audit-entry.js';
export * from './repositories/repository-delivery.middleware.js';
export * from './status/status.service.js';
export * from './web.module.js';
export * from './zod-validation.pipe.js';
