import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/**
 * A message to the incident's channel. Carries ids, counts and links only, never patient data (PHI
 * minimisation): it may end up in Slack or a log.
 */
export interface IncidentNotice {
  incidentId: string;
  kind: 'declared' | 'review-due' | 'closed' | 'deadline-reminder' | 'deadline-overdue';
  text: string;
  /** Workflow time of the event, UTC epoch ms. */
  at: number;
}

/** Delivers notices somewhere (a log file now; Slack once the bot exists). */
export type NoticeSink = (notice: IncidentNotice) => Promise<void>;

/** A sink that appends each notice as one JSON line to `file` (created with its folder when missing). */
export function fileNoticeSink(file: string): NoticeSink {
  return async (notice) => {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.appendFile(file, JSON.stringify(notice) + '\n');
  };
}

/** Notification activities, built on the given sink. */
export function createNotifyActivities(deps: { noticeSink: NoticeSink }) {
  return {
    /** Posts a notice about an incident to its channel. */
    async notifyIncidentChannel(notice: IncidentNotice): Promise<void> {
      await deps.noticeSink(notice);
    },
  };
}
