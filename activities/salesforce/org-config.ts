import * as fs from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../../domain/errors';
import { parseYamlWithSchema } from '../../domain/yaml-document';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * A Salesforce URL: HTTPS for every real org; plain HTTP only for loopback hosts (the local simulator).
 */
export const salesforceUrlSchema = z
  .url({ message: 'must be an absolute URL such as https://acme.my.salesforce.com' })
  .refine(
    (u) =>
      new URL(u).protocol === 'https:' ||
      (new URL(u).protocol === 'http:' && LOOPBACK.has(new URL(u).hostname)),
    {
      message:
        'must use https:// (plain http:// is allowed only for 127.0.0.1/localhost, i.e. the local simulator)',
    },
  )
  .transform((u) => u.replace(/\/+$/, ''));

/** A secret given inline, or as `env:NAME` to read it from the environment at start. */
const secretSchema = z.string().min(1, 'must not be empty');

const authSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('jwt'),
    consumerKey: z.string().min(1),
    username: z.string().min(3),
    privateKeyFile: z
      .string()
      .min(1, 'path of the PEM private key whose certificate is uploaded to the connected app'),
    /** JWT audience; defaults to the login URL (use https://test.salesforce.com for sandboxes). */
    audience: z.string().optional(),
  }),
  z.object({
    type: z.literal('client-credentials'),
    clientId: z.string().min(1),
    clientSecret: secretSchema,
  }),
  z.object({
    type: z.literal('password'),
    clientId: z.string().min(1),
    clientSecret: secretSchema,
    username: z.string().min(3),
    password: secretSchema,
  }),
]);

/** One named org. */
export const orgConfigSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, '_' or '-'"),
  loginUrl: salesforceUrlSchema,
  apiVersion: z
    .string()
    .regex(/^\d{2}\.0$/, "like '62.0'")
    .default('62.0'),
  /** Requests in flight at once; keep under the org's concurrent-request limit (25 production, 5 developer). */
  maxConcurrency: z.number().int().min(1).max(25).default(10),
  auth: authSchema,
});
/** See {@link orgConfigSchema}. */
export type OrgConfig = z.infer<typeof orgConfigSchema>;

const orgsFileSchema = z
  .object({ orgs: z.array(orgConfigSchema).min(1, 'configure at least one org') })
  .refine((f) => new Set(f.orgs.map((o) => o.name)).size === f.orgs.length, {
    message: 'org names must be unique',
    path: ['orgs'],
  });

/** Replaces `env:NAME` secrets with the variable's value; a missing variable is a configuration error. */
function resolveSecrets(org: OrgConfig, env: NodeJS.ProcessEnv): OrgConfig {
  const resolve = (value: string, field: string) => {
    if (!value.startsWith('env:')) return value;
    const name = value.slice(4);
    const found = env[name];
    if (!found)
      throw new ConfigError(
        `Salesforce org '${org.name}': ${field} refers to env:${name}, which is not set.`,
      );
    return found;
  };
  const auth = org.auth;
  switch (auth.type) {
    case 'jwt':
      return org;
    case 'client-credentials':
      return { ...org, auth: { ...auth, clientSecret: resolve(auth.clientSecret, 'auth.clientSecret') } };
    case 'password':
      return {
        ...org,
        auth: {
          ...auth,
          clientSecret: resolve(auth.clientSecret, 'auth.clientSecret'),
          password: resolve(auth.password, 'auth.password'),
        },
      };
  }
}

/** Parses an orgs YAML document (errors name file, line and field) and resolves `env:` secrets. */
export function parseOrgsFile(text: string, file: string, env: NodeJS.ProcessEnv = process.env): OrgConfig[] {
  return parseYamlWithSchema(text, file, orgsFileSchema, 'SALESFORCE_ORGS_INVALID').orgs.map((o) =>
    resolveSecrets(o, env),
  );
}

/** Reads the orgs file named by TOURNIQUET_SALESFORCE_ORGS. */
export function loadOrgsFile(file: string, env: NodeJS.ProcessEnv = process.env): OrgConfig[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`Cannot read the Salesforce orgs file ${file}: ${(cause as Error).message}`, {
      cause,
    });
  }
  return parseOrgsFile(text, file, env);
}

/**
 * The org entry for a running local simulator (`tourniquet simulator`, tabletop exercises, tests and
 * benchmarks): OAuth username-password as its admin, plain HTTP on loopback.
 */
export function simulatorOrgConfig(
  sim: {
    url: string;
    credentials: {
      apiVersion: string;
      clientId: string;
      clientSecret: string;
      username: string;
      password: string;
    };
  },
  name: string,
  maxConcurrency = 10,
): OrgConfig {
  const c = sim.credentials;
  return {
    name,
    loginUrl: sim.url,
    apiVersion: c.apiVersion,
    maxConcurrency,
    auth: {
      type: 'password',
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      username: c.username,
      password: c.password,
    },
  };
}
