/**
 * The data layer's public API: open the database (DATABASE_URL or the embedded server), migrate
 * it, and work on tenant data inside tenant-scoped transactions. Other folders import only this.
 */

export {
  API_KEY_PREFIX,
  type ApiKey,
  authenticateApiKey,
  createApiKey,
  hashApiKey,
  listApiKeys,
  looksLikeApiKey,
  revokeApiKey,
} from './api-keys.js';
export {
  type AuditEntry,
  type AuditEntryInput,
  appendAudit,
  type ListAuditOptions,
  listAudit,
} from './audit.js';
export { appendChatMessage, type ChatMessage, listChatMessages } from './chat-messages.js';
export {
  type Conversation,
  type ConversationChange,
  type ConversationInput,
  type ConversationStatus,
  claimConversation,
  createConversation,
  findOpenConversation,
  getConversation,
  type TranscriptMessage,
  updateConversation,
} from './conversations.js';
export {
  type CredentialSecret,
  type Credentials,
  createCredentials,
  InvalidCredentialError,
} from './credentials.js';
export {
  createPool,
  type Database,
  databaseOf,
  EMBEDDED_DATABASE,
  type OpenDatabaseOptions,
  openDatabase,
} from './database.js';
export { type EmbeddedServer, type EmbeddedServerOptions, startEmbeddedServer } from './embedded.js';
export {
  DatabaseUnreachableError,
  DataDirBusyError,
  EmbeddedPostgresError,
  InvalidTenantIdError,
  MigrationFailedError,
  MigrationFileError,
  StoreError,
  TenantNotFoundError,
} from './errors.js';
export { type DeletedRows, type DeleteUnusableRowsOptions, deleteUnusableRows } from './housekeeping.js';
export {
  createLlmCallRecorder,
  type ListLlmCallsOptions,
  type LlmCall,
  type LlmCallInput,
  listLlmCalls,
  recordLlmCall,
} from './llm-calls.js';
export { redactUrl, type StoreLogger } from './log.js';
export {
  currentMigrationVersion,
  defaultMigrationsDir,
  type Migration,
  type MigrationOptions,
  type MigrationResult,
  readMigrations,
  runMigrations,
} from './migrate.js';
export {
  addGroupMembers,
  createPeopleDirectory,
  defineGroup,
  findPerson,
  linkChatUser,
  linkIdentities,
  type Person,
  removeGroupMembers,
  selectGroupMembers,
  setGroupMembers,
  setPreferredReference,
  upsertPerson,
  type WithTenantFn,
} from './people.js';
export type { Queryable } from './queryable.js';
export {
  createRecord,
  deleteRecord,
  getRecord,
  listRecords,
  type StoredRecord,
  updateRecord,
  upsertRecord,
} from './records.js';
export { createSecretBox, resolveSecretKey, SecretDecryptError, SecretKeyError } from './secret-box.js';
export {
  claimSlackKey,
  findSlackForm,
  findSlackPost,
  isSlackThread,
  recordSlackPost,
  rememberSlackThread,
  type SlackPost,
  saveSlackForms,
} from './slack.js';
export {
  createTaskLink,
  findSentTaskNotice,
  findTaskLink,
  hashTaskLinkToken,
  lockTaskLink,
  looksLikeTaskLinkToken,
  markTaskLinkSent,
  type TaskLink,
  useTaskLink,
} from './task-links.js';
export {
  findAnyTeamsConversation,
  findTeamsConversation,
  findTeamsMember,
  findTeamsPost,
  recordTeamsPost,
  type StoredConversationReference,
  saveTeamsConversation,
  saveTeamsMember,
  type TeamsPost,
} from './teams.js';
export { APP_ROLE, type TenantTx, withTenant } from './tenancy.js';
export {
  createTenant,
  DEFAULT_TENANT_ID,
  DEFAULT_TENANT_NAME,
  ensureTenant,
  findTenant,
  getTenant,
  listTenants,
  type Tenant,
} from './tenants.js';
export { withTransaction } from './transaction.js';
export {
  appendWebMessage,
  getWebMessage,
  listWebMessages,
  updateWebMessage,
  WEB_MESSAGES_CHANNEL,
  type WebMessage,
  type WebMessageInput,
} from './web-messages.js';
export {
  clearSignInFailures,
  recordSignInAttempt,
  type SignInAttempt,
  type SignInFailureKey,
  type SignInFailureScope,
} from './web-sign-in-failures.js';
export {
  anyWebUser,
  createSignInLink,
  createWebSession,
  createWebUser,
  deleteWebSession,
  findSignInLink,
  findWebSession,
  findWebUser,
  findWebUserCredentials,
  listWebUsers,
  markWebUserSignedIn,
  setWebUserPassword,
  useSignInLink,
  type WebSession,
  type WebUser,
  type WebUserCredentials,
} from './web-users.js';
