-- What each activity class may release and how a request under it is decided, as data: a steward
-- changes a class with an UPDATE, not a release.
alter table activity_classes
    add column allowed_classifications text[] not null default '{public}',
    add column allows_personal boolean not null default false,
    add column allows_direct_identifiers boolean not null default false,
    -- when set, only these fields ('dataset.field') may be asked for
    add column field_allow_list text[],
    add column requires_legal_basis boolean not null default false,
    -- null: no limit (nothing personal leaves under the class)
    add column max_retention_days int,
    add column approval_chain text[] not null default '{steward}',
    -- a request that passes every check is approved without waiting for a person
    add column auto_approve boolean not null default false,
    add column agreement_clauses text[] not null default '{}';

update activity_classes set
    allowed_classifications = '{public,internal}', allows_personal = false, allows_direct_identifiers = false,
    requires_legal_basis = false, max_retention_days = 1825, approval_chain = '{steward}', auto_approve = true,
    agreement_clauses = '{definitions,scope_purpose,datasets,conditions_of_use,duration_amendment,ownership_disclosure,dispute_resolution}'
where code = 'A1';

update activity_classes set
    allowed_classifications = '{public,internal,confidential}', allows_personal = true, allows_direct_identifiers = false,
    field_allow_list = '{registry.applicants.card_holder,eligibility.determinations.outcome}',
    requires_legal_basis = true, max_retention_days = 90, approval_chain = '{steward}', auto_approve = true,
    agreement_clauses = '{definitions,scope_purpose,datasets,representations,conditions_of_use,roles_duties,duration_amendment,termination,ownership_disclosure,dispute_resolution,security,breach_penalties}'
where code = 'A2';

update activity_classes set
    allowed_classifications = '{public,internal,confidential}', allows_personal = true, allows_direct_identifiers = false,
    requires_legal_basis = true, max_retention_days = 730, approval_chain = '{steward,dpo}', auto_approve = false,
    agreement_clauses = '{definitions,scope_purpose,datasets,representations,conditions_of_use,roles_duties,duration_amendment,termination,ownership_disclosure,dispute_resolution,security,breach_penalties,data_steward}'
where code = 'A3';

update activity_classes set
    allowed_classifications = '{public,internal,confidential,secret}', allows_personal = true, allows_direct_identifiers = true,
    requires_legal_basis = true, max_retention_days = 365, approval_chain = '{steward,approver,dpo}', auto_approve = false,
    agreement_clauses = '{definitions,scope_purpose,datasets,representations,conditions_of_use,roles_duties,duration_amendment,termination,ownership_disclosure,dispute_resolution,security,breach_penalties,data_steward}'
where code = 'A4';

update activity_classes set
    allowed_classifications = '{public}', allows_personal = false, allows_direct_identifiers = false,
    requires_legal_basis = false, max_retention_days = null, approval_chain = '{steward}', auto_approve = false,
    agreement_clauses = '{definitions,scope_purpose,datasets,conditions_of_use,ownership_disclosure}'
where code = 'A5';

-- The clauses of a data sharing agreement (the strategy report's list), in the order they appear.
-- Bodies may name {agency}, {purpose}, {class}, {legal_basis}, {period}, {retention}, {request_id};
-- the datasets clause is followed by the requested datasets and fields.
create table agreement_clauses (
    code text primary key,
    position int not null unique,
    title_en text not null,
    title_th text not null,
    body_en text not null,
    body_th text not null
);

insert into agreement_clauses values
('definitions', 1, 'Definitions', 'คำนิยาม',
 '"Provider" means the Ministry of Finance, Office of the Permanent Secretary, for the State Welfare Registration program. "Recipient" means {agency}. "Data" means the datasets and fields listed in this agreement. "Personal data", "sensitive data" and "data controller" have the meanings of the Personal Data Protection Act B.E. 2562 (PDPA).',
 '"ผู้ให้ข้อมูล" หมายถึง สำนักงานปลัดกระทรวงการคลัง กระทรวงการคลัง ในฐานะผู้ดำเนินโครงการลงทะเบียนเพื่อสวัสดิการแห่งรัฐ "ผู้รับข้อมูล" หมายถึง {agency} "ข้อมูล" หมายถึง ชุดข้อมูลและรายการข้อมูลที่ระบุในข้อตกลงนี้ "ข้อมูลส่วนบุคคล" "ข้อมูลอ่อนไหว" และ "ผู้ควบคุมข้อมูลส่วนบุคคล" มีความหมายตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562'),
('scope_purpose', 2, 'Scope and purpose', 'ขอบเขตและวัตถุประสงค์',
 'The Provider shares the Data with the Recipient under activity class {class} for this purpose only: {purpose}. Legal basis: {legal_basis}. Reference: request {request_id}.',
 'ผู้ให้ข้อมูลเปิดเผยข้อมูลแก่ผู้รับข้อมูลภายใต้ประเภทกิจกรรม {class} เพื่อวัตถุประสงค์นี้เท่านั้น: {purpose} ฐานทางกฎหมาย: {legal_basis} อ้างอิงคำขอ {request_id}'),
('datasets', 3, 'Datasets', 'ชุดข้อมูล',
 'The Data are the following datasets and fields, covering {period}; no other data is shared under this agreement.',
 'ข้อมูลที่เปิดเผย ได้แก่ ชุดข้อมูลและรายการข้อมูลต่อไปนี้ ในช่วงเวลา {period} และไม่มีการเปิดเผยข้อมูลอื่นภายใต้ข้อตกลงนี้'),
('representations', 4, 'Representations, warranties and undertakings', 'คำรับรอง การรับประกัน และข้อผูกพัน',
 'The Recipient represents that it has the authority and the legal basis stated above to receive the Data, and undertakes to process it lawfully, fairly and only as this agreement allows. The Provider makes no warranty that the Data is complete or free of error beyond its as-of dates.',
 'ผู้รับข้อมูลรับรองว่ามีอำนาจและฐานทางกฎหมายตามที่ระบุข้างต้นในการรับข้อมูล และตกลงจะประมวลผลข้อมูลโดยชอบด้วยกฎหมาย เป็นธรรม และเฉพาะตามที่ข้อตกลงนี้อนุญาต ผู้ให้ข้อมูลไม่รับประกันความครบถ้วนหรือความถูกต้องของข้อมูลเกินกว่าวันที่ของข้อมูลนั้น'),
('conditions_of_use', 5, 'Conditions of use', 'เงื่อนไขการใช้ข้อมูล',
 'The Recipient uses the Data only for the stated purpose; does not attempt to re-identify any person; does not link the Data with other data except as the purpose requires; does not disclose the Data to a third party; and publishes only aggregates in which no cell counts fewer than 10 people.',
 'ผู้รับข้อมูลใช้ข้อมูลเฉพาะตามวัตถุประสงค์ที่ระบุ ไม่พยายามระบุตัวบุคคล ไม่เชื่อมโยงข้อมูลกับข้อมูลอื่นเว้นแต่จำเป็นตามวัตถุประสงค์ ไม่เปิดเผยข้อมูลแก่บุคคลภายนอก และเผยแพร่เฉพาะข้อมูลสรุปที่ไม่มีช่องใดน้อยกว่า 10 คน'),
('roles_duties', 6, 'Roles and duties', 'บทบาทและหน้าที่',
 'The Provider and the Recipient are each a data controller for their own processing. The Recipient names a responsible officer, keeps a record of processing, and answers data subjects'' requests that reach it.',
 'ผู้ให้ข้อมูลและผู้รับข้อมูลต่างเป็นผู้ควบคุมข้อมูลส่วนบุคคลสำหรับการประมวลผลของตน ผู้รับข้อมูลต้องแต่งตั้งผู้รับผิดชอบ จัดทำบันทึกรายการการประมวลผล และดำเนินการตามคำขอของเจ้าของข้อมูลที่ได้รับ'),
('duration_amendment', 7, 'Duration, amendment and changes', 'ระยะเวลา การแก้ไข และการเปลี่ยนแปลง',
 'This agreement takes effect on approval. The Recipient keeps the Data for at most {retention} and then destroys it and confirms the destruction in writing. Any change of purpose, datasets or fields needs a new request.',
 'ข้อตกลงนี้มีผลเมื่อได้รับอนุมัติ ผู้รับข้อมูลเก็บรักษาข้อมูลได้ไม่เกิน {retention} แล้วต้องทำลายข้อมูลและยืนยันการทำลายเป็นหนังสือ การเปลี่ยนแปลงวัตถุประสงค์ ชุดข้อมูล หรือรายการข้อมูล ต้องยื่นคำขอใหม่'),
('termination', 8, 'Termination', 'การสิ้นสุดข้อตกลง',
 'The Provider may revoke this agreement at any time on a breach or a change of law; revocation ends access at once and the Recipient destroys the Data it holds.',
 'ผู้ให้ข้อมูลอาจเพิกถอนข้อตกลงนี้ได้ทุกเมื่อหากมีการละเมิดหรือกฎหมายเปลี่ยนแปลง การเพิกถอนมีผลยุติการเข้าถึงทันที และผู้รับข้อมูลต้องทำลายข้อมูลที่ถืออยู่'),
('ownership_disclosure', 9, 'Ownership and disclosure', 'ความเป็นเจ้าของและการเปิดเผย',
 'The Data remains the Provider''s (and its source agencies''). Publications that use it cite "State Welfare Registration program, Ministry of Finance" and its as-of date.',
 'ข้อมูลยังคงเป็นของผู้ให้ข้อมูล (และหน่วยงานเจ้าของข้อมูลต้นทาง) การเผยแพร่ผลงานที่ใช้ข้อมูลต้องอ้างอิง "โครงการลงทะเบียนเพื่อสวัสดิการแห่งรัฐ กระทรวงการคลัง" และวันที่ของข้อมูล'),
('dispute_resolution', 10, 'Dispute resolution', 'การระงับข้อพิพาท',
 'The parties settle disputes by negotiation between their responsible officers; failing that, under the law of Thailand before the competent court.',
 'คู่สัญญาระงับข้อพิพาทโดยการเจรจาระหว่างผู้รับผิดชอบของแต่ละฝ่าย หากตกลงกันไม่ได้ให้เป็นไปตามกฎหมายไทยต่อศาลที่มีเขตอำนาจ'),
('security', 11, 'Security measures', 'มาตรการรักษาความมั่นคงปลอดภัย',
 'The Recipient keeps the Data encrypted at rest and in transit, limits access to named staff who need it, logs every access, and applies at least the measures of the PDPC''s notification on security measures.',
 'ผู้รับข้อมูลต้องเข้ารหัสข้อมูลทั้งขณะจัดเก็บและรับส่ง จำกัดการเข้าถึงเฉพาะเจ้าหน้าที่ที่ระบุชื่อและจำเป็นต้องใช้ บันทึกการเข้าถึงทุกครั้ง และใช้มาตรการไม่ต่ำกว่าประกาศคณะกรรมการคุ้มครองข้อมูลส่วนบุคคลเรื่องมาตรการรักษาความมั่นคงปลอดภัย'),
('breach_penalties', 12, 'Breach and penalties', 'การละเมิดและบทลงโทษ',
 'The Recipient tells the Provider of a personal data breach without delay and in any case in time for the Provider to notify the PDPC within 72 hours (PDPA s.37(4)). A breach allows revocation and carries the civil, criminal and administrative penalties of PDPA chapters 5 to 7.',
 'ผู้รับข้อมูลต้องแจ้งเหตุการละเมิดข้อมูลส่วนบุคคลแก่ผู้ให้ข้อมูลโดยไม่ชักช้า และทันเวลาให้ผู้ให้ข้อมูลแจ้งสำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคลภายใน 72 ชั่วโมง (มาตรา 37(4)) การละเมิดเป็นเหตุให้เพิกถอนข้อตกลงได้ และมีความรับผิดทางแพ่ง โทษทางอาญา และโทษทางปกครองตามหมวด 5 ถึงหมวด 7'),
('data_steward', 13, 'Appointment of a data steward', 'การแต่งตั้งผู้ดูแลข้อมูล',
 'Each party appoints a data steward who answers for this agreement, keeps the access list, and confirms destruction at its end; the Provider''s steward approved this request.',
 'แต่ละฝ่ายแต่งตั้งผู้ดูแลข้อมูลซึ่งรับผิดชอบข้อตกลงนี้ ดูแลรายชื่อผู้มีสิทธิเข้าถึง และยืนยันการทำลายข้อมูลเมื่อสิ้นสุดข้อตกลง ผู้ดูแลข้อมูลของผู้ให้ข้อมูลเป็นผู้อนุมัติคำขอนี้');
