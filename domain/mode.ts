import { z } from 'zod';

/**
 * `live` changes the real org; `dry-run` reads real state and records the plan without writing; `tabletop` is
 * dry-run against the simulator or a sandbox with scripted injects. One code path serves all three.
 */
export const incidentModeSchema = z.enum(['live', 'dry-run', 'tabletop']);
/** See {@link incidentModeSchema}. */
export type IncidentMode = z.infer<typeof incidentModeSchema>;
