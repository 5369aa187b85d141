-- Microsoft Teams (issue 6): what the Teams adapter needs to reach people and channels later,
-- from any process (web or worker): Bot Framework conversation references and the posts made for
-- the engine.

-- Conversations the bot may post in without being spoken to (proactive messages). `reference` is
-- what the conversation reaches: `teams:user/<Entra object id>` for a personal chat,
-- `teams:channel/<channel id>` for a channel, `teams:chat/<conversation id>` for a group chat.
-- `conversation_reference` is the Bot Framework ConversationReference (service URL, bot,
-- conversation, tenant), refreshed whenever someone talks to the bot there or installs it.
CREATE TABLE teams_conversations (
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id) ON DELETE CASCADE,
  reference text NOT NULL CHECK (reference ~ '^teams:(user|channel|chat)/.+$'),
  conversation_reference jsonb NOT NULL CHECK (jsonb_typeof(conversation_reference) = 'object'),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, reference)
);
SELECT switchboard_tenant_table('teams_conversations');

-- People the bot has seen anywhere (a channel, a group chat, a personal chat): the reference of
-- their latest activity carries their Bot Framework user id (`29:…`), the bot and the service URL,
-- enough to open a personal chat with someone who never wrote to the bot directly.
CREATE TABLE teams_members (
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id) ON DELETE CASCADE,
  person text NOT NULL CHECK (person ~ '^teams:user/.+$'),
  conversation_reference jsonb NOT NULL CHECK (jsonb_typeof(conversation_reference) = 'object'),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, person)
);
SELECT switchboard_tenant_table('teams_members');

-- Messages posted for the engine (chat steps, task cards), once per idempotency key: a retried
-- post finds the message the first attempt posted instead of posting again.
CREATE TABLE teams_posts (
  tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id) ON DELETE CASCADE,
  idempotency_key text NOT NULL,
  conversation_reference jsonb NOT NULL,
  activity_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, idempotency_key)
);
SELECT switchboard_tenant_table('teams_posts');
