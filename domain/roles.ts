import { z } from 'zod';
import { roleSchema, type Role } from './runbook/schema';

/** The roles file: who may do what. Actor ids are Slack user ids (U…) or CLI names. */
export const rolesFileSchema = z
  .object({
    actors: z
      .array(
        z
          .object({
            id: z
              .string()
              .regex(
                /^[A-Za-z0-9._@-]{1,80}$/,
                "letters, digits, '.', '_', '@' or '-' (a Slack user id or a CLI name)",
              ),
            displayName: z.string().min(1),
            roles: z
              .array(roleSchema)
              .min(1, 'give at least one role: commander, approver, legal or observer'),
          })
          .strict(),
      )
      .min(1, 'list at least one actor'),
  })
  .strict()
  .refine((f) => new Set(f.actors.map((a) => a.id)).size === f.actors.length, {
    message: 'actor ids must be unique',
    path: ['actors'],
  });

/** Actor id → display name and roles; pinned into each incident at declaration. */
export type RoleDirectory = Record<string, { displayName: string; roles: Role[] }>;

/** Turns a parsed roles file into a {@link RoleDirectory}. */
export function toRoleDirectory(file: z.infer<typeof rolesFileSchema>): RoleDirectory {
  return Object.fromEntries(file.actors.map((a) => [a.id, { displayName: a.displayName, roles: a.roles }]));
}

/** True when `actorId` is known and holds `role`. */
export function hasRole(directory: RoleDirectory, actorId: string, role: Role): boolean {
  return directory[actorId]?.roles.includes(role) ?? false;
}
