import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../domain/errors';
import { rolesFileSchema, toRoleDirectory, type RoleDirectory } from '../domain/roles';
import { parseYamlWithSchema } from '../domain/yaml-document';
import { projectRoot } from '../worker/project-root';

/** The roles file used when TOURNIQUET_ROLES is not set: the tabletop cast. */
export function defaultRolesFile(): string {
  return path.join(projectRoot(), 'templates', 'roles', 'tabletop.yaml');
}

/** Loads the roles file (TOURNIQUET_ROLES, else the tabletop roles); errors name file, line and field. */
export function loadRoles(env: NodeJS.ProcessEnv = process.env): { file: string; roles: RoleDirectory } {
  const file = env.TOURNIQUET_ROLES ?? defaultRolesFile();
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(
      `Cannot read the roles file ${file} (TOURNIQUET_ROLES): ${(cause as Error).message}`,
      { cause },
    );
  }
  return { file, roles: toRoleDirectory(parseYamlWithSchema(text, file, rolesFileSchema, 'ROLES_INVALID')) };
}
