/** What the bench holds the figures to (issue 9): it flags what misses, it fails nothing. */

/** 450 KB, with 1 KB = 1024 bytes. */
export const MAX_BUNDLE_BYTES = 450 * 1024;
/** Cold import of a function at most this many times the baseline's (DynamoDB client + document client, as shipped). */
export const MAX_IMPORT_RATIO = 1.3;
/** Sequential DynamoDB round trips of a hot route, authentication included. */
export const MAX_HOT_ROUND_TRIPS = 2;

/** The requests made most often, held to MAX_HOT_ROUND_TRIPS. */
export const HOT_ROUTES: Record<string, string> = {
  'GET /me': 'who am I',
  'GET /organizations/{orgId}': 'a unit and its counts',
  'POST /organizations/{orgId}/people': 'roster intake',
  'POST /organizations/{orgId}/plans/{planId}/people': 'on-establishment',
  'POST /tasks/{taskId}/decision': 'an approval decision',
};

/** From a submission to its first task in the section's inbox, at the median (issue 10: under 150 ms on the embedded host). */
export const MAX_FIRST_TASK_MS = 150;
