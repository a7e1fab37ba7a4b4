/** Timeline reconstruction: order, skew, dedupe, sessions, markers, hash chain. Pure and streaming. */
export * from './types';
export * from './order';
export * from './skew';
export * from './identity';
export * from './dedupe';
export * from './sessions';
export * from './markers';
export * from './payload';
export * from './chain';
export * from './reconstructor';
