import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { TourniquetError } from '../domain/errors';
import type { AesGcmPayloadCodec } from './codec';
import { loadPayloadCodec, type KeySource } from './codec-keyring';
import type { TourniquetConfig } from './config';
import { ensureEmbeddedServer, findRunningEmbeddedServer, type EmbeddedServer } from './embedded-server';

/** No Temporal server is configured or running, and the caller did not want one started. */
export class TemporalUnavailableError extends TourniquetError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('TEMPORAL_UNAVAILABLE', message, options);
  }
}

/**
 * A resolved Temporal target (configured cluster or embedded dev server) with the payload codec, able to open
 * client and worker connections. `close()` closes what it opened and stops an embedded server it started.
 */
export interface TemporalSession {
  address: string;
  namespace: string;
  embedded: boolean;
  /** The embedded server, when one is used (started by this process when `server.owned`). */
  server?: EmbeddedServer;
  codec: AesGcmPayloadCodec;
  codecKeyId: string;
  codecKeySource: KeySource;
  /** A workflow client whose payloads go through the codec. */
  client(): Promise<Client>;
  /** A native connection for workers. */
  nativeConnection(): Promise<NativeConnection>;
  close(): Promise<void>;
}

/** How to treat a missing embedded server: start one, or fail. */
export type EmbeddedPolicy = 'start-if-missing' | 'attach-only';

/** Resolves the Temporal target for `config` and returns a {@link TemporalSession}. */
export async function openTemporalSession(
  config: TourniquetConfig,
  policy: EmbeddedPolicy,
): Promise<TemporalSession> {
  let server: EmbeddedServer | undefined;
  let address = config.temporal.address;
  let namespace = config.temporal.namespace;
  if (!address) {
    if (policy === 'start-if-missing') {
      server = await ensureEmbeddedServer({ dataDir: config.dataDir, namespace, ui: config.embeddedUi });
    } else {
      const info = await findRunningEmbeddedServer(config.dataDir);
      if (!info) {
        throw new TemporalUnavailableError(
          `No Temporal server: TEMPORAL_ADDRESS is not set and no embedded server runs for ${config.dataDir}. ` +
            'Start one with `tourniquet worker` (it starts the embedded server), or set TEMPORAL_ADDRESS.',
        );
      }
      server = { info, owned: false, stop: async () => {} };
    }
    address = server.info.address;
    namespace = server.info.namespace;
  }

  let codecInfo;
  try {
    codecInfo = loadPayloadCodec(config, server !== undefined);
  } catch (err) {
    await server?.stop();
    throw err;
  }
  const { codec, currentKeyId, source } = codecInfo;
  const opened: Array<{ close(): Promise<void> }> = [];
  const target = address;
  const ns = namespace;

  return {
    address: target,
    namespace: ns,
    embedded: server !== undefined,
    server,
    codec,
    codecKeyId: currentKeyId,
    codecKeySource: source,
    async client() {
      const connection = await Connection.connect({ address: target, ...config.temporal.connection });
      opened.push(connection);
      return new Client({ connection, namespace: ns, dataConverter: { payloadCodecs: [codec] } });
    },
    async nativeConnection() {
      const connection = await NativeConnection.connect({ address: target, ...config.temporal.connection });
      opened.push(connection);
      return connection;
    },
    async close() {
      for (const c of opened.splice(0).reverse()) await c.close().catch(() => undefined);
      await server?.stop();
    },
  };
}
