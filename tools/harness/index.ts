export * from './engine';
export * from './credentials';
export * from './testNodes';
export * from './webhooks';
