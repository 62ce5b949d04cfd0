-- Transactional outbox: an event row is written in the same transaction as the state change it
-- announces; OutboxDispatcher publishes it and stamps sent_at.
create table outbox_messages (
    sequence bigint generated always as identity primary key,
    message_id uuid not null unique,
    message_type text not null,
    body jsonb not null,
    correlation_id uuid,
    created_at timestamptz not null default now(),
    sent_at timestamptz,
    attempts int not null default 0,
    last_error text
);
create index outbox_messages_unsent on outbox_messages (sequence) where sent_at is null;
create index outbox_messages_sent_at on outbox_messages (sent_at) where sent_at is not null;

-- Inbox: ids of messages a consumer has applied, so a redelivered message changes nothing.
-- Kept at least 7 days (ARCHITECTURE.md §9); effects are idempotent by natural keys as well.
create table inbox_messages (
    message_id uuid not null,
    consumer text not null,
    handled_at timestamptz not null default now(),
    primary key (message_id, consumer)
);
create index inbox_messages_handled_at on inbox_messages (handled_at);
