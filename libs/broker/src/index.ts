export * from './broker';
export * from './broker-errors';
