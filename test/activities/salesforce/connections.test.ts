import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createConnectionProvider } from '../../../activities/salesforce/connection-provider';
import { parseOrgsFile } from '../../../activities/salesforce/org-config';
import { startSimulator, validateScenario, type Simulator } from '../../../simulator';
import { PHI_SCENARIO } from '../../support/simulator';
import { tempDir } from '../../support/temporal';
import { parse as parseYaml } from 'yaml';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keyDir = tempDir('sf-keys');
const keyFile = path.join(keyDir, 'jwt.key');
fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });

let sim: Simulator;
beforeAll(async () => {
  // The shipped scenario, with a JWT certificate on the MedSync connected app (client credentials run as its integration user).
  const scenario = parseYaml(fs.readFileSync(PHI_SCENARIO, 'utf8')) as {
    connectedApps: Array<Record<string, unknown>>;
  };
  for (const app of scenario.connectedApps) {
    if (app.name === 'MedSync Analytics')
      Object.assign(app, {
        consumerKey: 'medsync-key',
        consumerSecret: 'medsync-secret',
        jwtCertificate: publicKey.export({ type: 'spki', format: 'pem' }),
      });
  }
  sim = await startSimulator({ scenario: validateScenario(scenario) });
});
afterAll(async () => {
  await sim?.close();
});

test('orgs file: JWT bearer, client credentials and password logins all reach the org over HTTP', async () => {
  process.env.TQ_TEST_SECRET = 'medsync-secret';
  const orgs = parseOrgsFile(
    [
      'orgs:',
      '  - name: jwt',
      `    loginUrl: ${sim.url}`,
      '    auth: { type: jwt, consumerKey: medsync-key, username: admin@stelsewhere-health.org, privateKeyFile: ' +
        keyFile +
        ' }',
      '  - name: cc',
      `    loginUrl: ${sim.url}`,
      '    auth: { type: client-credentials, clientId: medsync-key, clientSecret: "env:TQ_TEST_SECRET" }',
      '  - name: pw',
      `    loginUrl: ${sim.url}`,
      '    maxConcurrency: 5',
      `    auth: { type: password, clientId: ${sim.credentials.clientId}, clientSecret: ${sim.credentials.clientSecret}, username: ${sim.credentials.username}, password: ${sim.credentials.password} }`,
    ].join('\n'),
    'orgs.yaml',
  );
  const provider = createConnectionProvider(orgs);
  for (const name of ['jwt', 'cc', 'pw']) {
    const org = await provider(name);
    const users = await org.connection.query<{ Username: string }>(
      "SELECT Username FROM User WHERE Username = 'm.chen@stelsewhere-health.org'",
    );
    expect(users.records.map((r) => r.Username)).toEqual(['m.chen@stelsewhere-health.org']);
  }
  expect((await provider('pw')).maxConcurrency).toBe(5);
  await expect(provider('nope')).rejects.toThrow(
    /No Salesforce org named 'nope' is configured \(configured: jwt, cc, pw\)/,
  );
});

test('a JWT signed with the wrong key is refused with a clear login error', async () => {
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const wrongKey = path.join(keyDir, 'wrong.key');
  fs.writeFileSync(wrongKey, other.export({ type: 'pkcs8', format: 'pem' }));
  const provider = createConnectionProvider([
    {
      name: 'jwt',
      loginUrl: sim.url,
      apiVersion: '62.0',
      maxConcurrency: 5,
      auth: {
        type: 'jwt',
        consumerKey: 'medsync-key',
        username: 'admin@stelsewhere-health.org',
        privateKeyFile: wrongKey,
      },
    },
  ]);
  await expect(provider('jwt')).rejects.toThrow(/Cannot log in to Salesforce org 'jwt'/);
});

test('orgs file errors name file, line and field; http:// is refused for anything but loopback', () => {
  const text = [
    'orgs:',
    '  - name: prod',
    '    loginUrl: http://acme.my.salesforce.com',
    '    auth: { type: jwt, consumerKey: k, username: u@x.org, privateKeyFile: /k }',
    '  - name: bad name',
    '    loginUrl: https://x.my.salesforce.com',
    '    auth: { type: magic }',
  ].join('\n');
  let message = '';
  try {
    parseOrgsFile(text, 'orgs.yaml');
  } catch (err) {
    message = (err as Error).message;
    expect(err).toMatchObject({ code: 'SALESFORCE_ORGS_INVALID' });
  }
  expect(message).toMatch(/orgs\.yaml:3:15 orgs\[0\]\.loginUrl: must use https:\/\//);
  expect(message).toMatch(/orgs\.yaml:5:\d+ orgs\[1\]\.name: /);
  expect(message).toMatch(/orgs\.yaml:7:\d+ orgs\[1\]\.auth/);
  expect(() =>
    parseOrgsFile(
      'orgs:\n  - name: a\n    loginUrl: https://a.my.salesforce.com\n    auth: { type: client-credentials, clientId: c, clientSecret: "env:TQ_MISSING_SECRET" }\n',
      'o.yaml',
    ),
  ).toThrow(/auth.clientSecret refers to env:TQ_MISSING_SECRET, which is not set/);
});
