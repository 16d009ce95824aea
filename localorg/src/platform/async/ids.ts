/**
 * The documented key prefixes of the async layer's record Ids (AsyncApexJob 707, CronTrigger
 * 08e, CronJobDetail 08a, deployments 0Af, platform event publish results e00); the Ids
 * themselves are made by `runtime/ids.ts`.
 */

export const KEY_PREFIX = {
  asyncApexJob: '707',
  cronTrigger: '08e',
  cronJobDetail: '08a',
  deployRequest: '0Af',
  eventPublish: 'e00',
  sendEmailResult: '02s',
} as const;
