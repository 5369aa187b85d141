/** Triggers that start runs from outside: webhooks and schedules (events go through `publishEvent`). */
export {
  createScheduler,
  getSchedule,
  nextFireAfter,
  type ScheduledTrigger,
  type ScheduleRunStarter,
  type Scheduler,
  type SchedulerOptions,
  type ScheduleSyncOptions,
  syncSchedule,
  withScheduleSync,
} from './schedule.js';
export {
  createWebhookHandler,
  MAX_WEBHOOK_BODY_BYTES,
  SIGNATURE_HEADER,
  SIGNATURE_TOLERANCE_SECONDS,
  type SignatureCheck,
  signWebhook,
  verifyWebhookSignature,
  type WebhookEngine,
  type WebhookHandlerOptions,
  webhookStartKey,
} from './webhook.js';
