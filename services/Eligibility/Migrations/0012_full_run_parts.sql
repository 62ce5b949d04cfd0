-- A full run is now decided and stored in parts, each on its own connection (FullRun), and the new
-- generation's two primary keys are built side by side on two connections before the swap: the
-- swap no longer builds them.
create or replace function full_run_swap(p_ruleset text) returns void
language plpgsql as $$
declare
    k smallint;
    previous_timeout text := current_setting('lock_timeout');
begin
    select ruleset_key into strict k from simulation_rulesets where ruleset_id = p_ruleset;
    loop
        begin
            perform set_config('lock_timeout', '2s', true);
            lock table determinations, simulation_people in access exclusive mode;
            exit;
        exception when lock_not_available then
            perform pg_sleep(0.2);
        end;
    end loop;
    perform set_config('lock_timeout', previous_timeout, true);

    execute format('drop table %I', 'determinations_' || k);
    execute format('alter table %I rename to %I', 'determinations_next_' || k, 'determinations_' || k);
    execute format('alter index %I rename to %I', 'determinations_next_' || k || '_pkey', 'determinations_' || k || '_pkey');
    execute format('alter table determinations attach partition %I for values in (%L)', 'determinations_' || k, p_ruleset);

    execute format('drop table %I', 'simulation_people_' || k);
    execute format('alter table %I rename to %I', 'simulation_people_next_' || k, 'simulation_people_' || k);
    execute format('alter index %I rename to %I', 'simulation_people_next_' || k || '_pkey', 'simulation_people_' || k || '_pkey');
    execute format('alter table simulation_people attach partition %I for values in (%s)', 'simulation_people_' || k, k);
end $$;
