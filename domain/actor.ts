import { z } from 'zod';

/** Where a human decision came from. */
export const actorSurfaceSchema = z.enum(['slack', 'cli', 'system']);

/** A person (or the system) acting on an incident; recorded with every decision and action. */
export const actorSchema = z.object({
  id: z.string().min(1, 'actor id is required (a Slack user id or a CLI name)'),
  displayName: z.string().min(1, 'actor display name is required'),
  surface: actorSurfaceSchema,
});

/** See {@link actorSchema}. */
export type Actor = z.infer<typeof actorSchema>;

/** The orchestrator itself, as the actor of automatic actions (step execution, timeouts, escalations). */
export const SYSTEM_ACTOR: Actor = { id: 'tourniquet', displayName: 'Tourniquet', surface: 'system' };
