/** Timeline activities (Node side): external sort, writing, evidence hashing, verification, the build pipeline. */
export * from './build';
export * from './csv';
export * from './evidence';
export * from './external-sort';
export * from './format';
export * from './link-hash';
export * from './verify';
export * from './writer';
export * from './sources';
export * from './activity';
