"""The schema each revision shipped in the package creates, as
:func:`balintlog.db.schema_check.read_schema` reads it: per revision, (name,
type, table, SQL as stored) for every object in ``sqlite_master``.

Written by ``scripts/schema_snapshot.py`` from the migrations; do not edit
(tests/test_schema.py checks that it matches them).
"""

SCHEMAS: dict[str, tuple[tuple[str, str, str, str | None], ...]] = {
    '0001_baseline': (
        ('alembic_version', 'table', 'alembic_version', (
            'CREATE TABLE alembic_version (\n\tversion_num VARCHAR(32) NOT NULL'
            ', \n\tCONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n)'
        )),
        ('attendance', 'table', 'attendance', (
            'CREATE TABLE attendance (\n\tsession_id VARCHAR(32) NOT NULL'
            ', \n\tmember_id VARCHAR(32) NOT NULL, \n\tPRIMARY KEY (session_id, member_id)'
            ', \n\tFOREIGN KEY(member_id) REFERENCES member (id) ON DELETE CASCADE'
            ', \n\tFOREIGN KEY(session_id) REFERENCES group_session (id) ON DELETE CASCADE\n)'
        )),
        ('balint_case', 'table', 'balint_case', (
            'CREATE TABLE balint_case (\n\tid VARCHAR(32) NOT NULL, \n\tnumber INTEGER NOT NULL'
            ', \n\tgroup_id VARCHAR(32) NOT NULL, \n\tpresenter_id VARCHAR(32) NOT NULL'
            ', \n\tkey_version INTEGER NOT NULL, \n\tstatus VARCHAR(16) NOT NULL, \n\topened DATE NOT NULL'
            ', \n\ttitle BLOB NOT NULL, \n\tclient BLOB NOT NULL, \n\trelationship BLOB NOT NULL'
            ', \n\tfield BLOB NOT NULL, \n\tinstitution BLOB NOT NULL, \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(group_id) REFERENCES balint_group (id) ON DELETE CASCADE'
            ', \n\tFOREIGN KEY(presenter_id) REFERENCES member (id), \n\tUNIQUE (number)\n)'
        )),
        ('balint_group', 'table', 'balint_group', (
            'CREATE TABLE balint_group (\n\tid VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL'
            ', \n\thandle BLOB NOT NULL, \n\tname BLOB NOT NULL, \n\tkind BLOB NOT NULL'
            ', \n\tsetting BLOB NOT NULL, \n\tinstitution BLOB NOT NULL, \n\tco_leader BLOB NOT NULL'
            ', \n\tstart DATE NOT NULL, \n\tplanned_end DATE, \n\tretention DATE, \n\tclosed DATE'
            ', \n\tsession_minutes INTEGER NOT NULL, \n\tblock_size INTEGER NOT NULL, \n\tPRIMARY KEY (id)\n)'
        )),
        ('block', 'table', 'block', (
            'CREATE TABLE block (\n\tid VARCHAR(32) NOT NULL, \n\tgroup_id VARCHAR(32) NOT NULL'
            ', \n\tkey_version INTEGER NOT NULL, \n\tseq INTEGER NOT NULL, \n\tdate DATE NOT NULL'
            ', \n\tplanned_sessions INTEGER NOT NULL, \n\tplace BLOB NOT NULL, \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(group_id) REFERENCES balint_group (id) ON DELETE CASCADE\n)'
        )),
        ('data_key', 'table', 'data_key', (
            'CREATE TABLE data_key (\n\tid VARCHAR(32) NOT NULL, \n\tcase_id VARCHAR(32)'
            ', \n\tversion INTEGER NOT NULL, \n\twrapped_key BLOB NOT NULL, \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(case_id) REFERENCES balint_case (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED\n)'
        )),
        ('draft', 'table', 'draft', (
            'CREATE TABLE draft (\n\tid VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL'
            ', \n\tcreated DATE NOT NULL, \n\tkind BLOB NOT NULL, \n\tcontext BLOB NOT NULL'
            ', \n\tbody BLOB NOT NULL, \n\tPRIMARY KEY (id)\n)'
        )),
        ('group_session', 'table', 'group_session', (
            'CREATE TABLE group_session (\n\tid VARCHAR(32) NOT NULL, \n\tgroup_id VARCHAR(32) NOT NULL'
            ', \n\tblock_id VARCHAR(32), \n\tkey_version INTEGER NOT NULL, \n\tseq INTEGER NOT NULL'
            ', \n\tblock_pos INTEGER, \n\tdate DATE NOT NULL, \n\tminutes INTEGER NOT NULL'
            ', \n\tstatus VARCHAR(16) NOT NULL, \n\tstart_time BLOB NOT NULL, \n\tend_time BLOB NOT NULL'
            ', \n\tmode BLOB NOT NULL, \n\tatmosphere BLOB NOT NULL, \n\tgroup_process BLOB NOT NULL'
            ', \n\tcountertransference BLOB NOT NULL, \n\tsupervision_questions BLOB NOT NULL'
            ', \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(block_id) REFERENCES block (id) ON DELETE SET NULL'
            ', \n\tFOREIGN KEY(group_id) REFERENCES balint_group (id) ON DELETE CASCADE'
            ', \n\tUNIQUE (group_id, seq)\n)'
        )),
        ('ix_balint_case_group_id', 'index', 'balint_case', (
            'CREATE INDEX ix_balint_case_group_id ON balint_case (group_id)'
        )),
        ('ix_balint_case_presenter_id', 'index', 'balint_case', (
            'CREATE INDEX ix_balint_case_presenter_id ON balint_case (presenter_id)'
        )),
        ('ix_block_date', 'index', 'block', (
            'CREATE INDEX ix_block_date ON block (date)'
        )),
        ('ix_block_group_id', 'index', 'block', (
            'CREATE INDEX ix_block_group_id ON block (group_id)'
        )),
        ('ix_data_key_case_id', 'index', 'data_key', (
            'CREATE INDEX ix_data_key_case_id ON data_key (case_id)'
        )),
        ('ix_group_session_block_id', 'index', 'group_session', (
            'CREATE INDEX ix_group_session_block_id ON group_session (block_id)'
        )),
        ('ix_group_session_date', 'index', 'group_session', (
            'CREATE INDEX ix_group_session_date ON group_session (date)'
        )),
        ('ix_group_session_group_id', 'index', 'group_session', (
            'CREATE INDEX ix_group_session_group_id ON group_session (group_id)'
        )),
        ('ix_group_session_status', 'index', 'group_session', (
            'CREATE INDEX ix_group_session_status ON group_session (status)'
        )),
        ('ix_member_group_id', 'index', 'member', (
            'CREATE INDEX ix_member_group_id ON member (group_id)'
        )),
        ('ix_presentation_case_id', 'index', 'presentation', (
            'CREATE INDEX ix_presentation_case_id ON presentation (case_id)'
        )),
        ('ix_presentation_date', 'index', 'presentation', (
            'CREATE INDEX ix_presentation_date ON presentation (date)'
        )),
        ('ix_presentation_session_id', 'index', 'presentation', (
            'CREATE INDEX ix_presentation_session_id ON presentation (session_id)'
        )),
        ('ix_resonance_case_id', 'index', 'resonance', (
            'CREATE INDEX ix_resonance_case_id ON resonance (case_id)'
        )),
        ('ix_resonance_presentation_id', 'index', 'resonance', (
            'CREATE INDEX ix_resonance_presentation_id ON resonance (presentation_id)'
        )),
        ('keyslot', 'table', 'keyslot', (
            'CREATE TABLE keyslot (\n\tid VARCHAR(32) NOT NULL, \n\tkind VARCHAR(16) NOT NULL'
            ', \n\tkdf VARCHAR(16) NOT NULL, \n\tsalt BLOB NOT NULL, \n\tmemory_kib INTEGER NOT NULL'
            ', \n\titerations INTEGER NOT NULL, \n\tlanes INTEGER NOT NULL, \n\twrapped_key BLOB NOT NULL'
            ', \n\tchanged DATE NOT NULL, \n\tPRIMARY KEY (id), \n\tUNIQUE (kind)\n)'
        )),
        ('member', 'table', 'member', (
            'CREATE TABLE member (\n\tid VARCHAR(32) NOT NULL, \n\tgroup_id VARCHAR(32) NOT NULL'
            ', \n\tkey_version INTEGER NOT NULL, \n\tcode BLOB NOT NULL, \n\tprofession BLOB NOT NULL'
            ', \n\tfield BLOB NOT NULL, \n\tidentity BLOB NOT NULL, \n\tjoined DATE, \n\t"left" DATE'
            ', \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(group_id) REFERENCES balint_group (id) ON DELETE CASCADE\n)'
        )),
        ('presentation', 'table', 'presentation', (
            'CREATE TABLE presentation (\n\tid VARCHAR(32) NOT NULL, \n\tcase_id VARCHAR(32) NOT NULL'
            ', \n\tsession_id VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL, \n\tdate DATE NOT NULL'
            ', \n\tkind BLOB NOT NULL, \n\tquestion BLOB NOT NULL, \n\taccount BLOB NOT NULL'
            ', \n\tgroup_process BLOB NOT NULL, \n\tleader_notes BLOB NOT NULL, \n\tclosing BLOB NOT NULL'
            ', \n\toutcome BLOB NOT NULL, \n\twhat_changed BLOB NOT NULL, \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(case_id) REFERENCES balint_case (id) ON DELETE CASCADE'
            ', \n\tFOREIGN KEY(session_id) REFERENCES group_session (id)\n)'
        )),
        ('resonance', 'table', 'resonance', (
            'CREATE TABLE resonance (\n\tid VARCHAR(32) NOT NULL, \n\tpresentation_id VARCHAR(32) NOT NULL'
            ', \n\tcase_id VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL, \n\tseq INTEGER NOT NULL'
            ', \n\tintensity INTEGER NOT NULL, \n\tkind BLOB NOT NULL, \n\tlevel BLOB NOT NULL'
            ', \n\tsource BLOB NOT NULL, \n\tmirroring BLOB NOT NULL, \n\ttext BLOB NOT NULL'
            ', \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(case_id) REFERENCES balint_case (id) ON DELETE CASCADE'
            ', \n\tFOREIGN KEY(presentation_id) REFERENCES presentation (id) ON DELETE CASCADE\n)'
        )),
        ('setting', 'table', 'setting', (
            'CREATE TABLE setting (\n\tid VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL'
            ', \n\tname BLOB NOT NULL, \n\tvalue BLOB NOT NULL, \n\tPRIMARY KEY (id)\n)'
        )),
        ('sqlite_autoindex_alembic_version_1', 'index', 'alembic_version', None),
        ('sqlite_autoindex_attendance_1', 'index', 'attendance', None),
        ('sqlite_autoindex_balint_case_1', 'index', 'balint_case', None),
        ('sqlite_autoindex_balint_case_2', 'index', 'balint_case', None),
        ('sqlite_autoindex_balint_group_1', 'index', 'balint_group', None),
        ('sqlite_autoindex_block_1', 'index', 'block', None),
        ('sqlite_autoindex_data_key_1', 'index', 'data_key', None),
        ('sqlite_autoindex_draft_1', 'index', 'draft', None),
        ('sqlite_autoindex_group_session_1', 'index', 'group_session', None),
        ('sqlite_autoindex_group_session_2', 'index', 'group_session', None),
        ('sqlite_autoindex_keyslot_1', 'index', 'keyslot', None),
        ('sqlite_autoindex_keyslot_2', 'index', 'keyslot', None),
        ('sqlite_autoindex_member_1', 'index', 'member', None),
        ('sqlite_autoindex_presentation_1', 'index', 'presentation', None),
        ('sqlite_autoindex_resonance_1', 'index', 'resonance', None),
        ('sqlite_autoindex_setting_1', 'index', 'setting', None),
        ('vault_meta', 'table', 'vault_meta', (
            'CREATE TABLE vault_meta (\n\tid INTEGER NOT NULL, \n\tvault_id VARCHAR(32) NOT NULL'
            ', \n\tformat_version INTEGER NOT NULL, \n\tcreated DATE NOT NULL, \n\ttest_kdf BOOLEAN NOT NULL'
            ', \n\tPRIMARY KEY (id)\n)'
        )),
    ),
    '0002_presentation_case_date': (
        ('alembic_version', 'table', 'alembic_version', (
            'CREATE TABLE alembic_version (\n\tversion_num VARCHAR(32) NOT NULL'
            ', \n\tCONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n)'
        )),
        ('attendance', 'table', 'attendance', (
            'CREATE TABLE attendance (\n\tsession_id VARCHAR(32) NOT NULL'
            ', \n\tmember_id VARCHAR(32) NOT NULL, \n\tPRIMARY KEY (session_id, member_id)'
            ', \n\tFOREIGN KEY(member_id) REFERENCES member (id) ON DELETE CASCADE'
            ', \n\tFOREIGN KEY(session_id) REFERENCES group_session (id) ON DELETE CASCADE\n)'
        )),
        ('balint_case', 'table', 'balint_case', (
            'CREATE TABLE balint_case (\n\tid VARCHAR(32) NOT NULL, \n\tnumber INTEGER NOT NULL'
            ', \n\tgroup_id VARCHAR(32) NOT NULL, \n\tpresenter_id VARCHAR(32) NOT NULL'
            ', \n\tkey_version INTEGER NOT NULL, \n\tstatus VARCHAR(16) NOT NULL, \n\topened DATE NOT NULL'
            ', \n\ttitle BLOB NOT NULL, \n\tclient BLOB NOT NULL, \n\trelationship BLOB NOT NULL'
            ', \n\tfield BLOB NOT NULL, \n\tinstitution BLOB NOT NULL, \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(group_id) REFERENCES balint_group (id) ON DELETE CASCADE'
            ', \n\tFOREIGN KEY(presenter_id) REFERENCES member (id), \n\tUNIQUE (number)\n)'
        )),
        ('balint_group', 'table', 'balint_group', (
            'CREATE TABLE balint_group (\n\tid VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL'
            ', \n\thandle BLOB NOT NULL, \n\tname BLOB NOT NULL, \n\tkind BLOB NOT NULL'
            ', \n\tsetting BLOB NOT NULL, \n\tinstitution BLOB NOT NULL, \n\tco_leader BLOB NOT NULL'
            ', \n\tstart DATE NOT NULL, \n\tplanned_end DATE, \n\tretention DATE, \n\tclosed DATE'
            ', \n\tsession_minutes INTEGER NOT NULL, \n\tblock_size INTEGER NOT NULL, \n\tPRIMARY KEY (id)\n)'
        )),
        ('block', 'table', 'block', (
            'CREATE TABLE block (\n\tid VARCHAR(32) NOT NULL, \n\tgroup_id VARCHAR(32) NOT NULL'
            ', \n\tkey_version INTEGER NOT NULL, \n\tseq INTEGER NOT NULL, \n\tdate DATE NOT NULL'
            ', \n\tplanned_sessions INTEGER NOT NULL, \n\tplace BLOB NOT NULL, \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(group_id) REFERENCES balint_group (id) ON DELETE CASCADE\n)'
        )),
        ('data_key', 'table', 'data_key', (
            'CREATE TABLE data_key (\n\tid VARCHAR(32) NOT NULL, \n\tcase_id VARCHAR(32)'
            ', \n\tversion INTEGER NOT NULL, \n\twrapped_key BLOB NOT NULL, \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(case_id) REFERENCES balint_case (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED\n)'
        )),
        ('draft', 'table', 'draft', (
            'CREATE TABLE draft (\n\tid VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL'
            ', \n\tcreated DATE NOT NULL, \n\tkind BLOB NOT NULL, \n\tcontext BLOB NOT NULL'
            ', \n\tbody BLOB NOT NULL, \n\tPRIMARY KEY (id)\n)'
        )),
        ('group_session', 'table', 'group_session', (
            'CREATE TABLE group_session (\n\tid VARCHAR(32) NOT NULL, \n\tgroup_id VARCHAR(32) NOT NULL'
            ', \n\tblock_id VARCHAR(32), \n\tkey_version INTEGER NOT NULL, \n\tseq INTEGER NOT NULL'
            ', \n\tblock_pos INTEGER, \n\tdate DATE NOT NULL, \n\tminutes INTEGER NOT NULL'
            ', \n\tstatus VARCHAR(16) NOT NULL, \n\tstart_time BLOB NOT NULL, \n\tend_time BLOB NOT NULL'
            ', \n\tmode BLOB NOT NULL, \n\tatmosphere BLOB NOT NULL, \n\tgroup_process BLOB NOT NULL'
            ', \n\tcountertransference BLOB NOT NULL, \n\tsupervision_questions BLOB NOT NULL'
            ', \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(block_id) REFERENCES block (id) ON DELETE SET NULL'
            ', \n\tFOREIGN KEY(group_id) REFERENCES balint_group (id) ON DELETE CASCADE'
            ', \n\tUNIQUE (group_id, seq)\n)'
        )),
        ('ix_balint_case_group_id', 'index', 'balint_case', (
            'CREATE INDEX ix_balint_case_group_id ON balint_case (group_id)'
        )),
        ('ix_balint_case_presenter_id', 'index', 'balint_case', (
            'CREATE INDEX ix_balint_case_presenter_id ON balint_case (presenter_id)'
        )),
        ('ix_block_date', 'index', 'block', (
            'CREATE INDEX ix_block_date ON block (date)'
        )),
        ('ix_block_group_id', 'index', 'block', (
            'CREATE INDEX ix_block_group_id ON block (group_id)'
        )),
        ('ix_data_key_case_id', 'index', 'data_key', (
            'CREATE INDEX ix_data_key_case_id ON data_key (case_id)'
        )),
        ('ix_group_session_block_id', 'index', 'group_session', (
            'CREATE INDEX ix_group_session_block_id ON group_session (block_id)'
        )),
        ('ix_group_session_date', 'index', 'group_session', (
            'CREATE INDEX ix_group_session_date ON group_session (date)'
        )),
        ('ix_group_session_group_id', 'index', 'group_session', (
            'CREATE INDEX ix_group_session_group_id ON group_session (group_id)'
        )),
        ('ix_group_session_status', 'index', 'group_session', (
            'CREATE INDEX ix_group_session_status ON group_session (status)'
        )),
        ('ix_member_group_id', 'index', 'member', (
            'CREATE INDEX ix_member_group_id ON member (group_id)'
        )),
        ('ix_presentation_case_id', 'index', 'presentation', (
            'CREATE INDEX ix_presentation_case_id ON presentation (case_id)'
        )),
        ('ix_presentation_case_id_date', 'index', 'presentation', (
            'CREATE INDEX ix_presentation_case_id_date ON presentation (case_id, date)'
        )),
        ('ix_presentation_date', 'index', 'presentation', (
            'CREATE INDEX ix_presentation_date ON presentation (date)'
        )),
        ('ix_presentation_session_id', 'index', 'presentation', (
            'CREATE INDEX ix_presentation_session_id ON presentation (session_id)'
        )),
        ('ix_resonance_case_id', 'index', 'resonance', (
            'CREATE INDEX ix_resonance_case_id ON resonance (case_id)'
        )),
        ('ix_resonance_presentation_id', 'index', 'resonance', (
            'CREATE INDEX ix_resonance_presentation_id ON resonance (presentation_id)'
        )),
        ('keyslot', 'table', 'keyslot', (
            'CREATE TABLE keyslot (\n\tid VARCHAR(32) NOT NULL, \n\tkind VARCHAR(16) NOT NULL'
            ', \n\tkdf VARCHAR(16) NOT NULL, \n\tsalt BLOB NOT NULL, \n\tmemory_kib INTEGER NOT NULL'
            ', \n\titerations INTEGER NOT NULL, \n\tlanes INTEGER NOT NULL, \n\twrapped_key BLOB NOT NULL'
            ', \n\tchanged DATE NOT NULL, \n\tPRIMARY KEY (id), \n\tUNIQUE (kind)\n)'
        )),
        ('member', 'table', 'member', (
            'CREATE TABLE member (\n\tid VARCHAR(32) NOT NULL, \n\tgroup_id VARCHAR(32) NOT NULL'
            ', \n\tkey_version INTEGER NOT NULL, \n\tcode BLOB NOT NULL, \n\tprofession BLOB NOT NULL'
            ', \n\tfield BLOB NOT NULL, \n\tidentity BLOB NOT NULL, \n\tjoined DATE, \n\t"left" DATE'
            ', \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(group_id) REFERENCES balint_group (id) ON DELETE CASCADE\n)'
        )),
        ('presentation', 'table', 'presentation', (
            'CREATE TABLE presentation (\n\tid VARCHAR(32) NOT NULL, \n\tcase_id VARCHAR(32) NOT NULL'
            ', \n\tsession_id VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL, \n\tdate DATE NOT NULL'
            ', \n\tkind BLOB NOT NULL, \n\tquestion BLOB NOT NULL, \n\taccount BLOB NOT NULL'
            ', \n\tgroup_process BLOB NOT NULL, \n\tleader_notes BLOB NOT NULL, \n\tclosing BLOB NOT NULL'
            ', \n\toutcome BLOB NOT NULL, \n\twhat_changed BLOB NOT NULL, \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(case_id) REFERENCES balint_case (id) ON DELETE CASCADE'
            ', \n\tFOREIGN KEY(session_id) REFERENCES group_session (id)\n)'
        )),
        ('resonance', 'table', 'resonance', (
            'CREATE TABLE resonance (\n\tid VARCHAR(32) NOT NULL, \n\tpresentation_id VARCHAR(32) NOT NULL'
            ', \n\tcase_id VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL, \n\tseq INTEGER NOT NULL'
            ', \n\tintensity INTEGER NOT NULL, \n\tkind BLOB NOT NULL, \n\tlevel BLOB NOT NULL'
            ', \n\tsource BLOB NOT NULL, \n\tmirroring BLOB NOT NULL, \n\ttext BLOB NOT NULL'
            ', \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(case_id) REFERENCES balint_case (id) ON DELETE CASCADE'
            ', \n\tFOREIGN KEY(presentation_id) REFERENCES presentation (id) ON DELETE CASCADE\n)'
        )),
        ('setting', 'table', 'setting', (
            'CREATE TABLE setting (\n\tid VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL'
            ', \n\tname BLOB NOT NULL, \n\tvalue BLOB NOT NULL, \n\tPRIMARY KEY (id)\n)'
        )),
        ('sqlite_autoindex_alembic_version_1', 'index', 'alembic_version', None),
        ('sqlite_autoindex_attendance_1', 'index', 'attendance', None),
        ('sqlite_autoindex_balint_case_1', 'index', 'balint_case', None),
        ('sqlite_autoindex_balint_case_2', 'index', 'balint_case', None),
        ('sqlite_autoindex_balint_group_1', 'index', 'balint_group', None),
        ('sqlite_autoindex_block_1', 'index', 'block', None),
        ('sqlite_autoindex_data_key_1', 'index', 'data_key', None),
        ('sqlite_autoindex_draft_1', 'index', 'draft', None),
        ('sqlite_autoindex_group_session_1', 'index', 'group_session', None),
        ('sqlite_autoindex_group_session_2', 'index', 'group_session', None),
        ('sqlite_autoindex_keyslot_1', 'index', 'keyslot', None),
        ('sqlite_autoindex_keyslot_2', 'index', 'keyslot', None),
        ('sqlite_autoindex_member_1', 'index', 'member', None),
        ('sqlite_autoindex_presentation_1', 'index', 'presentation', None),
        ('sqlite_autoindex_resonance_1', 'index', 'resonance', None),
        ('sqlite_autoindex_setting_1', 'index', 'setting', None),
        ('vault_meta', 'table', 'vault_meta', (
            'CREATE TABLE vault_meta (\n\tid INTEGER NOT NULL, \n\tvault_id VARCHAR(32) NOT NULL'
            ', \n\tformat_version INTEGER NOT NULL, \n\tcreated DATE NOT NULL, \n\ttest_kdf BOOLEAN NOT NULL'
            ', \n\tPRIMARY KEY (id)\n)'
        )),
    ),
    '0003_row_seals_change_log': (
        ('alembic_version', 'table', 'alembic_version', (
            'CREATE TABLE alembic_version (\n\tversion_num VARCHAR(32) NOT NULL'
            ', \n\tCONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n)'
        )),
        ('attendance', 'table', 'attendance', (
            'CREATE TABLE attendance (\n\tsession_id VARCHAR(32) NOT NULL'
            ', \n\tmember_id VARCHAR(32) NOT NULL, seal BLOB, \n\tPRIMARY KEY (session_id, member_id)'
            ', \n\tFOREIGN KEY(member_id) REFERENCES member (id) ON DELETE CASCADE'
            ', \n\tFOREIGN KEY(session_id) REFERENCES group_session (id) ON DELETE CASCADE\n)'
        )),
        ('balint_case', 'table', 'balint_case', (
            'CREATE TABLE balint_case (\n\tid VARCHAR(32) NOT NULL, \n\tnumber INTEGER NOT NULL'
            ', \n\tgroup_id VARCHAR(32) NOT NULL, \n\tpresenter_id VARCHAR(32) NOT NULL'
            ', \n\tkey_version INTEGER NOT NULL, \n\tstatus VARCHAR(16) NOT NULL, \n\topened DATE NOT NULL'
            ', \n\ttitle BLOB NOT NULL, \n\tclient BLOB NOT NULL, \n\trelationship BLOB NOT NULL'
            ', \n\tfield BLOB NOT NULL, \n\tinstitution BLOB NOT NULL, seal BLOB, \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(group_id) REFERENCES balint_group (id) ON DELETE CASCADE'
            ', \n\tFOREIGN KEY(presenter_id) REFERENCES member (id), \n\tUNIQUE (number)\n)'
        )),
        ('balint_group', 'table', 'balint_group', (
            'CREATE TABLE balint_group (\n\tid VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL'
            ', \n\thandle BLOB NOT NULL, \n\tname BLOB NOT NULL, \n\tkind BLOB NOT NULL'
            ', \n\tsetting BLOB NOT NULL, \n\tinstitution BLOB NOT NULL, \n\tco_leader BLOB NOT NULL'
            ', \n\tstart DATE NOT NULL, \n\tplanned_end DATE, \n\tretention DATE, \n\tclosed DATE'
            ', \n\tsession_minutes INTEGER NOT NULL, \n\tblock_size INTEGER NOT NULL, seal BLOB'
            ', \n\tPRIMARY KEY (id)\n)'
        )),
        ('block', 'table', 'block', (
            'CREATE TABLE block (\n\tid VARCHAR(32) NOT NULL, \n\tgroup_id VARCHAR(32) NOT NULL'
            ', \n\tkey_version INTEGER NOT NULL, \n\tseq INTEGER NOT NULL, \n\tdate DATE NOT NULL'
            ', \n\tplanned_sessions INTEGER NOT NULL, \n\tplace BLOB NOT NULL, seal BLOB'
            ', \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(group_id) REFERENCES balint_group (id) ON DELETE CASCADE\n)'
        )),
        ('change', 'table', 'change', (
            'CREATE TABLE change (\n\tseq INTEGER NOT NULL, \n\tbody BLOB NOT NULL, \n\tseal BLOB'
            ', \n\tPRIMARY KEY (seq)\n)'
        )),
        ('change_content', 'table', 'change_content', (
            'CREATE TABLE change_content (\n\tid VARCHAR(32) NOT NULL, \n\tchange_seq INTEGER NOT NULL'
            ', \n\ttable_name VARCHAR(32) NOT NULL, \n\trow_id VARCHAR(65) NOT NULL, \n\tcase_id VARCHAR(32)'
            ', \n\tcontent BLOB NOT NULL, \n\tseal BLOB, \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(change_seq) REFERENCES change (seq)\n)'
        )),
        ('data_key', 'table', 'data_key', (
            'CREATE TABLE data_key (\n\tid VARCHAR(32) NOT NULL, \n\tcase_id VARCHAR(32)'
            ', \n\tversion INTEGER NOT NULL, \n\twrapped_key BLOB NOT NULL, seal BLOB, \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(case_id) REFERENCES balint_case (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED\n)'
        )),
        ('draft', 'table', 'draft', (
            'CREATE TABLE draft (\n\tid VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL'
            ', \n\tcreated DATE NOT NULL, \n\tkind BLOB NOT NULL, \n\tcontext BLOB NOT NULL'
            ', \n\tbody BLOB NOT NULL, seal BLOB, \n\tPRIMARY KEY (id)\n)'
        )),
        ('group_session', 'table', 'group_session', (
            'CREATE TABLE group_session (\n\tid VARCHAR(32) NOT NULL, \n\tgroup_id VARCHAR(32) NOT NULL'
            ', \n\tblock_id VARCHAR(32), \n\tkey_version INTEGER NOT NULL, \n\tseq INTEGER NOT NULL'
            ', \n\tblock_pos INTEGER, \n\tdate DATE NOT NULL, \n\tminutes INTEGER NOT NULL'
            ', \n\tstatus VARCHAR(16) NOT NULL, \n\tstart_time BLOB NOT NULL, \n\tend_time BLOB NOT NULL'
            ', \n\tmode BLOB NOT NULL, \n\tatmosphere BLOB NOT NULL, \n\tgroup_process BLOB NOT NULL'
            ', \n\tcountertransference BLOB NOT NULL, \n\tsupervision_questions BLOB NOT NULL, seal BLOB'
            ', \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(block_id) REFERENCES block (id) ON DELETE SET NULL'
            ', \n\tFOREIGN KEY(group_id) REFERENCES balint_group (id) ON DELETE CASCADE'
            ', \n\tUNIQUE (group_id, seq)\n)'
        )),
        ('ix_balint_case_group_id', 'index', 'balint_case', (
            'CREATE INDEX ix_balint_case_group_id ON balint_case (group_id)'
        )),
        ('ix_balint_case_presenter_id', 'index', 'balint_case', (
            'CREATE INDEX ix_balint_case_presenter_id ON balint_case (presenter_id)'
        )),
        ('ix_block_date', 'index', 'block', (
            'CREATE INDEX ix_block_date ON block (date)'
        )),
        ('ix_block_group_id', 'index', 'block', (
            'CREATE INDEX ix_block_group_id ON block (group_id)'
        )),
        ('ix_change_content_case_id', 'index', 'change_content', (
            'CREATE INDEX ix_change_content_case_id ON change_content (case_id)'
        )),
        ('ix_change_content_change_seq', 'index', 'change_content', (
            'CREATE INDEX ix_change_content_change_seq ON change_content (change_seq)'
        )),
        ('ix_change_content_row', 'index', 'change_content', (
            'CREATE INDEX ix_change_content_row ON change_content (table_name, row_id)'
        )),
        ('ix_data_key_case_id', 'index', 'data_key', (
            'CREATE INDEX ix_data_key_case_id ON data_key (case_id)'
        )),
        ('ix_group_session_block_id', 'index', 'group_session', (
            'CREATE INDEX ix_group_session_block_id ON group_session (block_id)'
        )),
        ('ix_group_session_date', 'index', 'group_session', (
            'CREATE INDEX ix_group_session_date ON group_session (date)'
        )),
        ('ix_group_session_group_id', 'index', 'group_session', (
            'CREATE INDEX ix_group_session_group_id ON group_session (group_id)'
        )),
        ('ix_group_session_status', 'index', 'group_session', (
            'CREATE INDEX ix_group_session_status ON group_session (status)'
        )),
        ('ix_member_group_id', 'index', 'member', (
            'CREATE INDEX ix_member_group_id ON member (group_id)'
        )),
        ('ix_presentation_case_id', 'index', 'presentation', (
            'CREATE INDEX ix_presentation_case_id ON presentation (case_id)'
        )),
        ('ix_presentation_case_id_date', 'index', 'presentation', (
            'CREATE INDEX ix_presentation_case_id_date ON presentation (case_id, date)'
        )),
        ('ix_presentation_date', 'index', 'presentation', (
            'CREATE INDEX ix_presentation_date ON presentation (date)'
        )),
        ('ix_presentation_session_id', 'index', 'presentation', (
            'CREATE INDEX ix_presentation_session_id ON presentation (session_id)'
        )),
        ('ix_resonance_case_id', 'index', 'resonance', (
            'CREATE INDEX ix_resonance_case_id ON resonance (case_id)'
        )),
        ('ix_resonance_presentation_id', 'index', 'resonance', (
            'CREATE INDEX ix_resonance_presentation_id ON resonance (presentation_id)'
        )),
        ('keyslot', 'table', 'keyslot', (
            'CREATE TABLE keyslot (\n\tid VARCHAR(32) NOT NULL, \n\tkind VARCHAR(16) NOT NULL'
            ', \n\tkdf VARCHAR(16) NOT NULL, \n\tsalt BLOB NOT NULL, \n\tmemory_kib INTEGER NOT NULL'
            ', \n\titerations INTEGER NOT NULL, \n\tlanes INTEGER NOT NULL, \n\twrapped_key BLOB NOT NULL'
            ', \n\tchanged DATE NOT NULL, seal BLOB, \n\tPRIMARY KEY (id), \n\tUNIQUE (kind)\n)'
        )),
        ('member', 'table', 'member', (
            'CREATE TABLE member (\n\tid VARCHAR(32) NOT NULL, \n\tgroup_id VARCHAR(32) NOT NULL'
            ', \n\tkey_version INTEGER NOT NULL, \n\tcode BLOB NOT NULL, \n\tprofession BLOB NOT NULL'
            ', \n\tfield BLOB NOT NULL, \n\tidentity BLOB NOT NULL, \n\tjoined DATE, \n\t"left" DATE, seal BLOB'
            ', \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(group_id) REFERENCES balint_group (id) ON DELETE CASCADE\n)'
        )),
        ('presentation', 'table', 'presentation', (
            'CREATE TABLE presentation (\n\tid VARCHAR(32) NOT NULL, \n\tcase_id VARCHAR(32) NOT NULL'
            ', \n\tsession_id VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL, \n\tdate DATE NOT NULL'
            ', \n\tkind BLOB NOT NULL, \n\tquestion BLOB NOT NULL, \n\taccount BLOB NOT NULL'
            ', \n\tgroup_process BLOB NOT NULL, \n\tleader_notes BLOB NOT NULL, \n\tclosing BLOB NOT NULL'
            ', \n\toutcome BLOB NOT NULL, \n\twhat_changed BLOB NOT NULL, seal BLOB, \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(case_id) REFERENCES balint_case (id) ON DELETE CASCADE'
            ', \n\tFOREIGN KEY(session_id) REFERENCES group_session (id)\n)'
        )),
        ('resonance', 'table', 'resonance', (
            'CREATE TABLE resonance (\n\tid VARCHAR(32) NOT NULL, \n\tpresentation_id VARCHAR(32) NOT NULL'
            ', \n\tcase_id VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL, \n\tseq INTEGER NOT NULL'
            ', \n\tintensity INTEGER NOT NULL, \n\tkind BLOB NOT NULL, \n\tlevel BLOB NOT NULL'
            ', \n\tsource BLOB NOT NULL, \n\tmirroring BLOB NOT NULL, \n\ttext BLOB NOT NULL, seal BLOB'
            ', \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(case_id) REFERENCES balint_case (id) ON DELETE CASCADE'
            ', \n\tFOREIGN KEY(presentation_id) REFERENCES presentation (id) ON DELETE CASCADE\n)'
        )),
        ('setting', 'table', 'setting', (
            'CREATE TABLE setting (\n\tid VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL'
            ', \n\tname BLOB NOT NULL, \n\tvalue BLOB NOT NULL, seal BLOB, \n\tPRIMARY KEY (id)\n)'
        )),
        ('sqlite_autoindex_alembic_version_1', 'index', 'alembic_version', None),
        ('sqlite_autoindex_attendance_1', 'index', 'attendance', None),
        ('sqlite_autoindex_balint_case_1', 'index', 'balint_case', None),
        ('sqlite_autoindex_balint_case_2', 'index', 'balint_case', None),
        ('sqlite_autoindex_balint_group_1', 'index', 'balint_group', None),
        ('sqlite_autoindex_block_1', 'index', 'block', None),
        ('sqlite_autoindex_change_content_1', 'index', 'change_content', None),
        ('sqlite_autoindex_data_key_1', 'index', 'data_key', None),
        ('sqlite_autoindex_draft_1', 'index', 'draft', None),
        ('sqlite_autoindex_group_session_1', 'index', 'group_session', None),
        ('sqlite_autoindex_group_session_2', 'index', 'group_session', None),
        ('sqlite_autoindex_keyslot_1', 'index', 'keyslot', None),
        ('sqlite_autoindex_keyslot_2', 'index', 'keyslot', None),
        ('sqlite_autoindex_member_1', 'index', 'member', None),
        ('sqlite_autoindex_presentation_1', 'index', 'presentation', None),
        ('sqlite_autoindex_resonance_1', 'index', 'resonance', None),
        ('sqlite_autoindex_setting_1', 'index', 'setting', None),
        ('vault_meta', 'table', 'vault_meta', (
            'CREATE TABLE vault_meta (\n\tid INTEGER NOT NULL, \n\tvault_id VARCHAR(32) NOT NULL'
            ', \n\tformat_version INTEGER NOT NULL, \n\tcreated DATE NOT NULL, \n\ttest_kdf BOOLEAN NOT NULL'
            ', seal BLOB, \n\tPRIMARY KEY (id)\n)'
        )),
    ),
    '0004_logbook': (
        ('alembic_version', 'table', 'alembic_version', (
            'CREATE TABLE alembic_version (\n\tversion_num VARCHAR(32) NOT NULL'
            ', \n\tCONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n)'
        )),
        ('attendance', 'table', 'attendance', (
            'CREATE TABLE attendance (\n\tsession_id VARCHAR(32) NOT NULL'
            ', \n\tmember_id VARCHAR(32) NOT NULL, seal BLOB, \n\tPRIMARY KEY (session_id, member_id)'
            ', \n\tFOREIGN KEY(member_id) REFERENCES member (id) ON DELETE CASCADE'
            ', \n\tFOREIGN KEY(session_id) REFERENCES group_session (id) ON DELETE CASCADE\n)'
        )),
        ('balint_case', 'table', 'balint_case', (
            'CREATE TABLE balint_case (\n\tid VARCHAR(32) NOT NULL, \n\tnumber INTEGER NOT NULL'
            ', \n\tgroup_id VARCHAR(32) NOT NULL, \n\tpresenter_id VARCHAR(32) NOT NULL'
            ', \n\tkey_version INTEGER NOT NULL, \n\tstatus VARCHAR(16) NOT NULL, \n\topened DATE NOT NULL'
            ', \n\ttitle BLOB NOT NULL, \n\tclient BLOB NOT NULL, \n\trelationship BLOB NOT NULL'
            ', \n\tfield BLOB NOT NULL, \n\tinstitution BLOB NOT NULL, seal BLOB, \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(group_id) REFERENCES balint_group (id) ON DELETE CASCADE'
            ', \n\tFOREIGN KEY(presenter_id) REFERENCES member (id), \n\tUNIQUE (number)\n)'
        )),
        ('balint_group', 'table', 'balint_group', (
            'CREATE TABLE balint_group (\n\tid VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL'
            ', \n\thandle BLOB NOT NULL, \n\tname BLOB NOT NULL, \n\tkind BLOB NOT NULL'
            ', \n\tsetting BLOB NOT NULL, \n\tinstitution BLOB NOT NULL, \n\tco_leader BLOB NOT NULL'
            ', \n\tstart DATE NOT NULL, \n\tplanned_end DATE, \n\tretention DATE, \n\tclosed DATE'
            ', \n\tsession_minutes INTEGER NOT NULL, \n\tblock_size INTEGER NOT NULL, seal BLOB'
            ', \n\tPRIMARY KEY (id)\n)'
        )),
        ('block', 'table', 'block', (
            'CREATE TABLE block (\n\tid VARCHAR(32) NOT NULL, \n\tgroup_id VARCHAR(32) NOT NULL'
            ', \n\tkey_version INTEGER NOT NULL, \n\tseq INTEGER NOT NULL, \n\tdate DATE NOT NULL'
            ', \n\tplanned_sessions INTEGER NOT NULL, \n\tplace BLOB NOT NULL, seal BLOB'
            ', \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(group_id) REFERENCES balint_group (id) ON DELETE CASCADE\n)'
        )),
        ('change', 'table', 'change', (
            'CREATE TABLE change (\n\tseq INTEGER NOT NULL, \n\tbody BLOB NOT NULL, \n\tseal BLOB'
            ', \n\tPRIMARY KEY (seq)\n)'
        )),
        ('change_content', 'table', 'change_content', (
            'CREATE TABLE change_content (\n\tid VARCHAR(32) NOT NULL, \n\tchange_seq INTEGER NOT NULL'
            ', \n\ttable_name VARCHAR(32) NOT NULL, \n\trow_id VARCHAR(65) NOT NULL, \n\tcase_id VARCHAR(32)'
            ', \n\tcontent BLOB NOT NULL, \n\tseal BLOB, \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(change_seq) REFERENCES change (seq)\n)'
        )),
        ('data_key', 'table', 'data_key', (
            'CREATE TABLE data_key (\n\tid VARCHAR(32) NOT NULL, \n\tcase_id VARCHAR(32)'
            ', \n\tversion INTEGER NOT NULL, \n\twrapped_key BLOB NOT NULL, seal BLOB, \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(case_id) REFERENCES balint_case (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED\n)'
        )),
        ('draft', 'table', 'draft', (
            'CREATE TABLE draft (\n\tid VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL'
            ', \n\tcreated DATE NOT NULL, \n\tkind BLOB NOT NULL, \n\tcontext BLOB NOT NULL'
            ', \n\tbody BLOB NOT NULL, seal BLOB, \n\tPRIMARY KEY (id)\n)'
        )),
        ('group_session', 'table', 'group_session', (
            'CREATE TABLE group_session (\n\tid VARCHAR(32) NOT NULL, \n\tgroup_id VARCHAR(32) NOT NULL'
            ', \n\tblock_id VARCHAR(32), \n\tkey_version INTEGER NOT NULL, \n\tseq INTEGER NOT NULL'
            ', \n\tblock_pos INTEGER, \n\tdate DATE NOT NULL, \n\tminutes INTEGER NOT NULL'
            ', \n\tstatus VARCHAR(16) NOT NULL, \n\tstart_time BLOB NOT NULL, \n\tend_time BLOB NOT NULL'
            ', \n\tmode BLOB NOT NULL, \n\tatmosphere BLOB NOT NULL, \n\tgroup_process BLOB NOT NULL'
            ', \n\tcountertransference BLOB NOT NULL, \n\tsupervision_questions BLOB NOT NULL, seal BLOB'
            ', \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(block_id) REFERENCES block (id) ON DELETE SET NULL'
            ', \n\tFOREIGN KEY(group_id) REFERENCES balint_group (id) ON DELETE CASCADE'
            ', \n\tUNIQUE (group_id, seq)\n)'
        )),
        ('ix_balint_case_group_id', 'index', 'balint_case', (
            'CREATE INDEX ix_balint_case_group_id ON balint_case (group_id)'
        )),
        ('ix_balint_case_presenter_id', 'index', 'balint_case', (
            'CREATE INDEX ix_balint_case_presenter_id ON balint_case (presenter_id)'
        )),
        ('ix_block_date', 'index', 'block', (
            'CREATE INDEX ix_block_date ON block (date)'
        )),
        ('ix_block_group_id', 'index', 'block', (
            'CREATE INDEX ix_block_group_id ON block (group_id)'
        )),
        ('ix_change_content_case_id', 'index', 'change_content', (
            'CREATE INDEX ix_change_content_case_id ON change_content (case_id)'
        )),
        ('ix_change_content_change_seq', 'index', 'change_content', (
            'CREATE INDEX ix_change_content_change_seq ON change_content (change_seq)'
        )),
        ('ix_change_content_row', 'index', 'change_content', (
            'CREATE INDEX ix_change_content_row ON change_content (table_name, row_id)'
        )),
        ('ix_data_key_case_id', 'index', 'data_key', (
            'CREATE INDEX ix_data_key_case_id ON data_key (case_id)'
        )),
        ('ix_group_session_block_id', 'index', 'group_session', (
            'CREATE INDEX ix_group_session_block_id ON group_session (block_id)'
        )),
        ('ix_group_session_date', 'index', 'group_session', (
            'CREATE INDEX ix_group_session_date ON group_session (date)'
        )),
        ('ix_group_session_group_id', 'index', 'group_session', (
            'CREATE INDEX ix_group_session_group_id ON group_session (group_id)'
        )),
        ('ix_group_session_status', 'index', 'group_session', (
            'CREATE INDEX ix_group_session_status ON group_session (status)'
        )),
        ('ix_logbook_entry_date', 'index', 'logbook_entry', (
            'CREATE INDEX ix_logbook_entry_date ON logbook_entry (date)'
        )),
        ('ix_member_group_id', 'index', 'member', (
            'CREATE INDEX ix_member_group_id ON member (group_id)'
        )),
        ('ix_presentation_case_id', 'index', 'presentation', (
            'CREATE INDEX ix_presentation_case_id ON presentation (case_id)'
        )),
        ('ix_presentation_case_id_date', 'index', 'presentation', (
            'CREATE INDEX ix_presentation_case_id_date ON presentation (case_id, date)'
        )),
        ('ix_presentation_date', 'index', 'presentation', (
            'CREATE INDEX ix_presentation_date ON presentation (date)'
        )),
        ('ix_presentation_session_id', 'index', 'presentation', (
            'CREATE INDEX ix_presentation_session_id ON presentation (session_id)'
        )),
        ('ix_resonance_case_id', 'index', 'resonance', (
            'CREATE INDEX ix_resonance_case_id ON resonance (case_id)'
        )),
        ('ix_resonance_presentation_id', 'index', 'resonance', (
            'CREATE INDEX ix_resonance_presentation_id ON resonance (presentation_id)'
        )),
        ('keyslot', 'table', 'keyslot', (
            'CREATE TABLE keyslot (\n\tid VARCHAR(32) NOT NULL, \n\tkind VARCHAR(16) NOT NULL'
            ', \n\tkdf VARCHAR(16) NOT NULL, \n\tsalt BLOB NOT NULL, \n\tmemory_kib INTEGER NOT NULL'
            ', \n\titerations INTEGER NOT NULL, \n\tlanes INTEGER NOT NULL, \n\twrapped_key BLOB NOT NULL'
            ', \n\tchanged DATE NOT NULL, seal BLOB, \n\tPRIMARY KEY (id), \n\tUNIQUE (kind)\n)'
        )),
        ('logbook_entry', 'table', 'logbook_entry', (
            'CREATE TABLE logbook_entry (\n\tid VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL'
            ', \n\tdate DATE NOT NULL, \n\tminutes INTEGER NOT NULL, \n\tsessions INTEGER NOT NULL'
            ', \n\tkind BLOB NOT NULL, \n\twith_whom BLOB NOT NULL, \n\tformat BLOB NOT NULL'
            ', \n\ttitle BLOB NOT NULL, \n\tnotes BLOB NOT NULL, \n\tseal BLOB, \n\tPRIMARY KEY (id)\n)'
        )),
        ('member', 'table', 'member', (
            'CREATE TABLE member (\n\tid VARCHAR(32) NOT NULL, \n\tgroup_id VARCHAR(32) NOT NULL'
            ', \n\tkey_version INTEGER NOT NULL, \n\tcode BLOB NOT NULL, \n\tprofession BLOB NOT NULL'
            ', \n\tfield BLOB NOT NULL, \n\tidentity BLOB NOT NULL, \n\tjoined DATE, \n\t"left" DATE, seal BLOB'
            ', \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(group_id) REFERENCES balint_group (id) ON DELETE CASCADE\n)'
        )),
        ('presentation', 'table', 'presentation', (
            'CREATE TABLE presentation (\n\tid VARCHAR(32) NOT NULL, \n\tcase_id VARCHAR(32) NOT NULL'
            ', \n\tsession_id VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL, \n\tdate DATE NOT NULL'
            ', \n\tkind BLOB NOT NULL, \n\tquestion BLOB NOT NULL, \n\taccount BLOB NOT NULL'
            ', \n\tgroup_process BLOB NOT NULL, \n\tleader_notes BLOB NOT NULL, \n\tclosing BLOB NOT NULL'
            ', \n\toutcome BLOB NOT NULL, \n\twhat_changed BLOB NOT NULL, seal BLOB, \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(case_id) REFERENCES balint_case (id) ON DELETE CASCADE'
            ', \n\tFOREIGN KEY(session_id) REFERENCES group_session (id)\n)'
        )),
        ('resonance', 'table', 'resonance', (
            'CREATE TABLE resonance (\n\tid VARCHAR(32) NOT NULL, \n\tpresentation_id VARCHAR(32) NOT NULL'
            ', \n\tcase_id VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL, \n\tseq INTEGER NOT NULL'
            ', \n\tintensity INTEGER NOT NULL, \n\tkind BLOB NOT NULL, \n\tlevel BLOB NOT NULL'
            ', \n\tsource BLOB NOT NULL, \n\tmirroring BLOB NOT NULL, \n\ttext BLOB NOT NULL, seal BLOB'
            ', \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(case_id) REFERENCES balint_case (id) ON DELETE CASCADE'
            ', \n\tFOREIGN KEY(presentation_id) REFERENCES presentation (id) ON DELETE CASCADE\n)'
        )),
        ('setting', 'table', 'setting', (
            'CREATE TABLE setting (\n\tid VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL'
            ', \n\tname BLOB NOT NULL, \n\tvalue BLOB NOT NULL, seal BLOB, \n\tPRIMARY KEY (id)\n)'
        )),
        ('sqlite_autoindex_alembic_version_1', 'index', 'alembic_version', None),
        ('sqlite_autoindex_attendance_1', 'index', 'attendance', None),
        ('sqlite_autoindex_balint_case_1', 'index', 'balint_case', None),
        ('sqlite_autoindex_balint_case_2', 'index', 'balint_case', None),
        ('sqlite_autoindex_balint_group_1', 'index', 'balint_group', None),
        ('sqlite_autoindex_block_1', 'index', 'block', None),
        ('sqlite_autoindex_change_content_1', 'index', 'change_content', None),
        ('sqlite_autoindex_data_key_1', 'index', 'data_key', None),
        ('sqlite_autoindex_draft_1', 'index', 'draft', None),
        ('sqlite_autoindex_group_session_1', 'index', 'group_session', None),
        ('sqlite_autoindex_group_session_2', 'index', 'group_session', None),
        ('sqlite_autoindex_keyslot_1', 'index', 'keyslot', None),
        ('sqlite_autoindex_keyslot_2', 'index', 'keyslot', None),
        ('sqlite_autoindex_logbook_entry_1', 'index', 'logbook_entry', None),
        ('sqlite_autoindex_member_1', 'index', 'member', None),
        ('sqlite_autoindex_presentation_1', 'index', 'presentation', None),
        ('sqlite_autoindex_resonance_1', 'index', 'resonance', None),
        ('sqlite_autoindex_setting_1', 'index', 'setting', None),
        ('vault_meta', 'table', 'vault_meta', (
            'CREATE TABLE vault_meta (\n\tid INTEGER NOT NULL, \n\tvault_id VARCHAR(32) NOT NULL'
            ', \n\tformat_version INTEGER NOT NULL, \n\tcreated DATE NOT NULL, \n\ttest_kdf BOOLEAN NOT NULL'
            ', seal BLOB, \n\tPRIMARY KEY (id)\n)'
        )),
    ),
    '0005_identities_documents': (
        ('accreditation', 'table', 'accreditation', (
            'CREATE TABLE accreditation (\n\tid VARCHAR(32) NOT NULL, \n\tgroup_id VARCHAR(32) NOT NULL'
            ', \n\tblock_id VARCHAR(32), \n\tsession_id VARCHAR(32), \n\tkey_version INTEGER NOT NULL'
            ', \n\tpoints INTEGER NOT NULL, \n\ttopic BLOB NOT NULL, \n\tvnr BLOB NOT NULL'
            ', \n\tchamber BLOB NOT NULL, \n\tcategory BLOB NOT NULL, \n\tplace BLOB NOT NULL, \n\tseal BLOB'
            ', \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(block_id) REFERENCES block (id) ON DELETE CASCADE'
            ', \n\tFOREIGN KEY(group_id) REFERENCES balint_group (id) ON DELETE CASCADE'
            ', \n\tFOREIGN KEY(session_id) REFERENCES group_session (id) ON DELETE CASCADE\n)'
        )),
        ('alembic_version', 'table', 'alembic_version', (
            'CREATE TABLE alembic_version (\n\tversion_num VARCHAR(32) NOT NULL'
            ', \n\tCONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n)'
        )),
        ('attendance', 'table', 'attendance', (
            'CREATE TABLE attendance (\n\tsession_id VARCHAR(32) NOT NULL'
            ', \n\tmember_id VARCHAR(32) NOT NULL, seal BLOB, \n\tPRIMARY KEY (session_id, member_id)'
            ', \n\tFOREIGN KEY(member_id) REFERENCES member (id) ON DELETE CASCADE'
            ', \n\tFOREIGN KEY(session_id) REFERENCES group_session (id) ON DELETE CASCADE\n)'
        )),
        ('balint_case', 'table', 'balint_case', (
            'CREATE TABLE balint_case (\n\tid VARCHAR(32) NOT NULL, \n\tnumber INTEGER NOT NULL'
            ', \n\tgroup_id VARCHAR(32) NOT NULL, \n\tpresenter_id VARCHAR(32) NOT NULL'
            ', \n\tkey_version INTEGER NOT NULL, \n\tstatus VARCHAR(16) NOT NULL, \n\topened DATE NOT NULL'
            ', \n\ttitle BLOB NOT NULL, \n\tclient BLOB NOT NULL, \n\trelationship BLOB NOT NULL'
            ', \n\tfield BLOB NOT NULL, \n\tinstitution BLOB NOT NULL, seal BLOB, \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(group_id) REFERENCES balint_group (id) ON DELETE CASCADE'
            ', \n\tFOREIGN KEY(presenter_id) REFERENCES member (id), \n\tUNIQUE (number)\n)'
        )),
        ('balint_group', 'table', 'balint_group', (
            'CREATE TABLE balint_group (\n\tid VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL'
            ', \n\thandle BLOB NOT NULL, \n\tname BLOB NOT NULL, \n\tkind BLOB NOT NULL'
            ', \n\tsetting BLOB NOT NULL, \n\tinstitution BLOB NOT NULL, \n\tco_leader BLOB NOT NULL'
            ', \n\tstart DATE NOT NULL, \n\tplanned_end DATE, \n\tretention DATE, \n\tclosed DATE'
            ', \n\tsession_minutes INTEGER NOT NULL, \n\tblock_size INTEGER NOT NULL, seal BLOB'
            ', \n\tPRIMARY KEY (id)\n)'
        )),
        ('block', 'table', 'block', (
            'CREATE TABLE block (\n\tid VARCHAR(32) NOT NULL, \n\tgroup_id VARCHAR(32) NOT NULL'
            ', \n\tkey_version INTEGER NOT NULL, \n\tseq INTEGER NOT NULL, \n\tdate DATE NOT NULL'
            ', \n\tplanned_sessions INTEGER NOT NULL, \n\tplace BLOB NOT NULL, seal BLOB'
            ', \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(group_id) REFERENCES balint_group (id) ON DELETE CASCADE\n)'
        )),
        ('change', 'table', 'change', (
            'CREATE TABLE change (\n\tseq INTEGER NOT NULL, \n\tbody BLOB NOT NULL, \n\tseal BLOB'
            ', \n\tPRIMARY KEY (seq)\n)'
        )),
        ('change_content', 'table', 'change_content', (
            'CREATE TABLE change_content (\n\tid VARCHAR(32) NOT NULL, \n\tchange_seq INTEGER NOT NULL'
            ', \n\ttable_name VARCHAR(32) NOT NULL, \n\trow_id VARCHAR(65) NOT NULL, \n\tcase_id VARCHAR(32)'
            ', \n\tcontent BLOB NOT NULL, \n\tseal BLOB, \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(change_seq) REFERENCES change (seq)\n)'
        )),
        ('data_key', 'table', 'data_key', (
            'CREATE TABLE data_key (\n\tid VARCHAR(32) NOT NULL, \n\tcase_id VARCHAR(32)'
            ', \n\tversion INTEGER NOT NULL, \n\twrapped_key BLOB NOT NULL, seal BLOB, \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(case_id) REFERENCES balint_case (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED\n)'
        )),
        ('draft', 'table', 'draft', (
            'CREATE TABLE draft (\n\tid VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL'
            ', \n\tcreated DATE NOT NULL, \n\tkind BLOB NOT NULL, \n\tcontext BLOB NOT NULL'
            ', \n\tbody BLOB NOT NULL, seal BLOB, \n\tPRIMARY KEY (id)\n)'
        )),
        ('group_session', 'table', 'group_session', (
            'CREATE TABLE group_session (\n\tid VARCHAR(32) NOT NULL, \n\tgroup_id VARCHAR(32) NOT NULL'
            ', \n\tblock_id VARCHAR(32), \n\tkey_version INTEGER NOT NULL, \n\tseq INTEGER NOT NULL'
            ', \n\tblock_pos INTEGER, \n\tdate DATE NOT NULL, \n\tminutes INTEGER NOT NULL'
            ', \n\tstatus VARCHAR(16) NOT NULL, \n\tstart_time BLOB NOT NULL, \n\tend_time BLOB NOT NULL'
            ', \n\tmode BLOB NOT NULL, \n\tatmosphere BLOB NOT NULL, \n\tgroup_process BLOB NOT NULL'
            ', \n\tcountertransference BLOB NOT NULL, \n\tsupervision_questions BLOB NOT NULL, seal BLOB'
            ', \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(block_id) REFERENCES block (id) ON DELETE SET NULL'
            ', \n\tFOREIGN KEY(group_id) REFERENCES balint_group (id) ON DELETE CASCADE'
            ', \n\tUNIQUE (group_id, seq)\n)'
        )),
        ('identity_key', 'table', 'identity_key', (
            'CREATE TABLE identity_key (\n\tid VARCHAR(32) NOT NULL, \n\tidentity_id VARCHAR(32) NOT NULL'
            ', \n\tversion INTEGER NOT NULL, \n\twrapped_key BLOB NOT NULL, \n\tseal BLOB, \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(identity_id) REFERENCES member_identity (id) ON DELETE CASCADE DEFERRABLE'
            ' INITIALLY DEFERRED\n)'
        )),
        ('ix_accreditation_block_id', 'index', 'accreditation', (
            'CREATE INDEX ix_accreditation_block_id ON accreditation (block_id)'
        )),
        ('ix_accreditation_group_id', 'index', 'accreditation', (
            'CREATE INDEX ix_accreditation_group_id ON accreditation (group_id)'
        )),
        ('ix_accreditation_session_id', 'index', 'accreditation', (
            'CREATE INDEX ix_accreditation_session_id ON accreditation (session_id)'
        )),
        ('ix_balint_case_group_id', 'index', 'balint_case', (
            'CREATE INDEX ix_balint_case_group_id ON balint_case (group_id)'
        )),
        ('ix_balint_case_presenter_id', 'index', 'balint_case', (
            'CREATE INDEX ix_balint_case_presenter_id ON balint_case (presenter_id)'
        )),
        ('ix_block_date', 'index', 'block', (
            'CREATE INDEX ix_block_date ON block (date)'
        )),
        ('ix_block_group_id', 'index', 'block', (
            'CREATE INDEX ix_block_group_id ON block (group_id)'
        )),
        ('ix_change_content_case_id', 'index', 'change_content', (
            'CREATE INDEX ix_change_content_case_id ON change_content (case_id)'
        )),
        ('ix_change_content_change_seq', 'index', 'change_content', (
            'CREATE INDEX ix_change_content_change_seq ON change_content (change_seq)'
        )),
        ('ix_change_content_row', 'index', 'change_content', (
            'CREATE INDEX ix_change_content_row ON change_content (table_name, row_id)'
        )),
        ('ix_data_key_case_id', 'index', 'data_key', (
            'CREATE INDEX ix_data_key_case_id ON data_key (case_id)'
        )),
        ('ix_group_session_block_id', 'index', 'group_session', (
            'CREATE INDEX ix_group_session_block_id ON group_session (block_id)'
        )),
        ('ix_group_session_date', 'index', 'group_session', (
            'CREATE INDEX ix_group_session_date ON group_session (date)'
        )),
        ('ix_group_session_group_id', 'index', 'group_session', (
            'CREATE INDEX ix_group_session_group_id ON group_session (group_id)'
        )),
        ('ix_group_session_status', 'index', 'group_session', (
            'CREATE INDEX ix_group_session_status ON group_session (status)'
        )),
        ('ix_identity_key_identity_id', 'index', 'identity_key', (
            'CREATE INDEX ix_identity_key_identity_id ON identity_key (identity_id)'
        )),
        ('ix_logbook_entry_date', 'index', 'logbook_entry', (
            'CREATE INDEX ix_logbook_entry_date ON logbook_entry (date)'
        )),
        ('ix_member_group_id', 'index', 'member', (
            'CREATE INDEX ix_member_group_id ON member (group_id)'
        )),
        ('ix_presentation_case_id', 'index', 'presentation', (
            'CREATE INDEX ix_presentation_case_id ON presentation (case_id)'
        )),
        ('ix_presentation_case_id_date', 'index', 'presentation', (
            'CREATE INDEX ix_presentation_case_id_date ON presentation (case_id, date)'
        )),
        ('ix_presentation_date', 'index', 'presentation', (
            'CREATE INDEX ix_presentation_date ON presentation (date)'
        )),
        ('ix_presentation_session_id', 'index', 'presentation', (
            'CREATE INDEX ix_presentation_session_id ON presentation (session_id)'
        )),
        ('ix_resonance_case_id', 'index', 'resonance', (
            'CREATE INDEX ix_resonance_case_id ON resonance (case_id)'
        )),
        ('ix_resonance_presentation_id', 'index', 'resonance', (
            'CREATE INDEX ix_resonance_presentation_id ON resonance (presentation_id)'
        )),
        ('keyslot', 'table', 'keyslot', (
            'CREATE TABLE keyslot (\n\tid VARCHAR(32) NOT NULL, \n\tkind VARCHAR(16) NOT NULL'
            ', \n\tkdf VARCHAR(16) NOT NULL, \n\tsalt BLOB NOT NULL, \n\tmemory_kib INTEGER NOT NULL'
            ', \n\titerations INTEGER NOT NULL, \n\tlanes INTEGER NOT NULL, \n\twrapped_key BLOB NOT NULL'
            ', \n\tchanged DATE NOT NULL, seal BLOB, \n\tPRIMARY KEY (id), \n\tUNIQUE (kind)\n)'
        )),
        ('leader_profile', 'table', 'leader_profile', (
            'CREATE TABLE leader_profile (\n\tid VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL'
            ', \n\tname BLOB NOT NULL, \n\ttitle BLOB NOT NULL, \n\trecognitions BLOB NOT NULL'
            ', \n\taddress BLOB NOT NULL, \n\tsignature BLOB NOT NULL, \n\tseal BLOB, \n\tPRIMARY KEY (id)\n)'
        )),
        ('logbook_entry', 'table', 'logbook_entry', (
            'CREATE TABLE logbook_entry (\n\tid VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL'
            ', \n\tdate DATE NOT NULL, \n\tminutes INTEGER NOT NULL, \n\tsessions INTEGER NOT NULL'
            ', \n\tkind BLOB NOT NULL, \n\twith_whom BLOB NOT NULL, \n\tformat BLOB NOT NULL'
            ', \n\ttitle BLOB NOT NULL, \n\tnotes BLOB NOT NULL, \n\tseal BLOB, \n\tPRIMARY KEY (id)\n)'
        )),
        ('member', 'table', 'member', (
            'CREATE TABLE member (\n\tid VARCHAR(32) NOT NULL, \n\tgroup_id VARCHAR(32) NOT NULL'
            ', \n\tkey_version INTEGER NOT NULL, \n\tcode BLOB NOT NULL, \n\tprofession BLOB NOT NULL'
            ', \n\tfield BLOB NOT NULL, \n\tidentity BLOB NOT NULL, \n\tjoined DATE, \n\t"left" DATE, seal BLOB'
            ', \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(group_id) REFERENCES balint_group (id) ON DELETE CASCADE\n)'
        )),
        ('member_identity', 'table', 'member_identity', (
            'CREATE TABLE member_identity (\n\tid VARCHAR(32) NOT NULL, \n\tmember_id VARCHAR(32) NOT NULL'
            ', \n\tkey_version INTEGER NOT NULL, \n\tname BLOB NOT NULL, \n\ttitle BLOB NOT NULL'
            ', \n\tefn BLOB NOT NULL, \n\taddress BLOB NOT NULL, \n\tseal BLOB, \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(member_id) REFERENCES member (id) ON DELETE CASCADE'
            ', \n\tUNIQUE (member_id)\n)'
        )),
        ('presentation', 'table', 'presentation', (
            'CREATE TABLE presentation (\n\tid VARCHAR(32) NOT NULL, \n\tcase_id VARCHAR(32) NOT NULL'
            ', \n\tsession_id VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL, \n\tdate DATE NOT NULL'
            ', \n\tkind BLOB NOT NULL, \n\tquestion BLOB NOT NULL, \n\taccount BLOB NOT NULL'
            ', \n\tgroup_process BLOB NOT NULL, \n\tleader_notes BLOB NOT NULL, \n\tclosing BLOB NOT NULL'
            ', \n\toutcome BLOB NOT NULL, \n\twhat_changed BLOB NOT NULL, seal BLOB, \n\tPRIMARY KEY (id)'
            ', \n\tFOREIGN KEY(case_id) REFERENCES balint_case (id) ON DELETE CASCADE'
            ', \n\tFOREIGN KEY(session_id) REFERENCES group_session (id)\n)'
        )),
        ('resonance', 'table', 'resonance', (
            'CREATE TABLE resonance (\n\tid VARCHAR(32) NOT NULL, \n\tpresentation_id VARCHAR(32) NOT NULL'
            ', \n\tcase_id VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL, \n\tseq INTEGER NOT NULL'
            ', \n\tintensity INTEGER NOT NULL, \n\tkind BLOB NOT NULL, \n\tlevel BLOB NOT NULL'
            ', \n\tsource BLOB NOT NULL, \n\tmirroring BLOB NOT NULL, \n\ttext BLOB NOT NULL, seal BLOB'
            ', \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(case_id) REFERENCES balint_case (id) ON DELETE CASCADE'
            ', \n\tFOREIGN KEY(presentation_id) REFERENCES presentation (id) ON DELETE CASCADE\n)'
        )),
        ('setting', 'table', 'setting', (
            'CREATE TABLE setting (\n\tid VARCHAR(32) NOT NULL, \n\tkey_version INTEGER NOT NULL'
            ', \n\tname BLOB NOT NULL, \n\tvalue BLOB NOT NULL, seal BLOB, \n\tPRIMARY KEY (id)\n)'
        )),
        ('sqlite_autoindex_accreditation_1', 'index', 'accreditation', None),
        ('sqlite_autoindex_alembic_version_1', 'index', 'alembic_version', None),
        ('sqlite_autoindex_attendance_1', 'index', 'attendance', None),
        ('sqlite_autoindex_balint_case_1', 'index', 'balint_case', None),
        ('sqlite_autoindex_balint_case_2', 'index', 'balint_case', None),
        ('sqlite_autoindex_balint_group_1', 'index', 'balint_group', None),
        ('sqlite_autoindex_block_1', 'index', 'block', None),
        ('sqlite_autoindex_change_content_1', 'index', 'change_content', None),
        ('sqlite_autoindex_data_key_1', 'index', 'data_key', None),
        ('sqlite_autoindex_draft_1', 'index', 'draft', None),
        ('sqlite_autoindex_group_session_1', 'index', 'group_session', None),
        ('sqlite_autoindex_group_session_2', 'index', 'group_session', None),
        ('sqlite_autoindex_identity_key_1', 'index', 'identity_key', None),
        ('sqlite_autoindex_keyslot_1', 'index', 'keyslot', None),
        ('sqlite_autoindex_keyslot_2', 'index', 'keyslot', None),
        ('sqlite_autoindex_leader_profile_1', 'index', 'leader_profile', None),
        ('sqlite_autoindex_logbook_entry_1', 'index', 'logbook_entry', None),
        ('sqlite_autoindex_member_1', 'index', 'member', None),
        ('sqlite_autoindex_member_identity_1', 'index', 'member_identity', None),
        ('sqlite_autoindex_member_identity_2', 'index', 'member_identity', None),
        ('sqlite_autoindex_presentation_1', 'index', 'presentation', None),
        ('sqlite_autoindex_resonance_1', 'index', 'resonance', None),
        ('sqlite_autoindex_setting_1', 'index', 'setting', None),
        ('vault_meta', 'table', 'vault_meta', (
            'CREATE TABLE vault_meta (\n\tid INTEGER NOT NULL, \n\tvault_id VARCHAR(32) NOT NULL'
            ', \n\tformat_version INTEGER NOT NULL, \n\tcreated DATE NOT NULL, \n\ttest_kdf BOOLEAN NOT NULL'
            ', seal BLOB, \n\tPRIMARY KEY (id)\n)'
        )),
    ),
}
