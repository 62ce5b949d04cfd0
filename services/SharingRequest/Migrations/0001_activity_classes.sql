-- Sharing is classified by activity so each class has a known path (strategy report, use case 1).
-- Classes are data: a steward can add or change one without a release.
create table activity_classes (
    code text primary key,
    name_en text not null,
    name_th text not null,
    release_form text not null,
    target_decision interval not null
);

insert into activity_classes (code, name_en, name_th, release_form, target_decision) values
    ('A1', 'Aggregate statistics', 'สถิติภาพรวม', 'suppressed aggregates', interval '1 minute'),
    ('A2', 'Verification of given people', 'การตรวจสอบสิทธิรายบุคคล', 'yes/no answers', interval '1 minute'),
    ('A3', 'Pseudonymous microdata for research', 'ข้อมูลรายบุคคลแฝงตัวตนเพื่อการวิจัย', 'pid-only rows', interval '3 days'),
    ('A4', 'Identified microdata for delivering a service', 'ข้อมูลระบุตัวตนเพื่อให้บริการ', 'identified rows', interval '5 days'),
    ('A5', 'Open data', 'ข้อมูลเปิด', 'suppressed aggregates', interval '1 day');
