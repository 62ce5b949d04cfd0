-- A built package: its files in Blob storage (container sharing-packages, under the request id)
-- and when access ends. Revocation of the request ends access too (checked on every download).
create table packages (
    request_id uuid primary key references requests (request_id),
    built_at timestamptz not null,
    expires_at timestamptz not null,
    files text[] not null
);
