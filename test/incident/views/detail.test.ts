import t from 'tap'
import { deriveEnumDataList, toDetail } from '../../../src/incident/views/detail.js'
import type { IncidentRecord } from '../../../src/schemas/incident.js'
import { fixtures } from '../../support/helper.js'

const base: IncidentRecord = {
  incident_num: 'IM202401010000000000000001',
  domain_id: 'd',
  region: [],
  enterprise_project: [],
  current_cloud_service: [],
  incident_level: 'level_30',
  is_service_interrupt: false,
  incident_type: 'inc_type_p_security_issues',
  incident_title: 't',
  incident_description: '',
  incident_source: 'incident_source_forwarding',
  incident_assignee: [],
  assignee_scene: 'scene',
  assignee_role: 'role',
  warroom_id: '',
  handle_time: null,
  status: 'incident_draft',
  create_time: 1704038400000,
  creator: ''
}

t.test('empty values get no entry', async t => {
  t.same(deriveEnumDataList(base, fixtures).map(e => e.filed_key), ['level_id', 'work_flow_status', 'mtm_type', 'source_id'])
})

t.test('names come from the vocabularies and the fixtures', async t => {
  const list = deriveEnumDataList({ ...base, creator: '3f1c2a9e8b7d4c6a9e0f1b2c3d4e5f60', incident_assignee: ['li'], current_cloud_service: ['app001'] }, fixtures)
  t.same(list, [
    { filed_key: 'current_cloud_service_id', enum_key: 'app001', name_zh: '示例应用', name_en: 'app001' },
    { filed_key: 'creator', enum_key: '3f1c2a9e8b7d4c6a9e0f1b2c3d4e5f60', name_zh: 'zhang.wei', name_en: 'zhang.wei' },
    { filed_key: 'level_id', enum_key: 'level_30', name_zh: 'P3', name_en: 'P3' },
    { filed_key: 'work_flow_status', enum_key: 'incident_draft', name_zh: '草稿', name_en: 'DRAFT' },
    { filed_key: 'mtm_type', enum_key: 'inc_type_p_security_issues', name_zh: '安全问题', name_en: 'Security issues' },
    { filed_key: 'source_id', enum_key: 'incident_source_forwarding', name_zh: '流转创建', name_en: 'Transfer creation' },
    { filed_key: 'assignee', enum_key: 'li', name_zh: 'li', name_en: 'li' }
  ])
})

t.test('unknown keys and ids still give four non-empty members', async t => {
  const users = new Map([['u1', { user_id: 'u1', name: 'Wang', name_zh: '王' }]])
  const list = deriveEnumDataList({ ...base, incident_level: 'level_99', current_cloud_service: ['nope'], creator: 'u1' }, { users, applications: new Map() })
  t.same(list[0], { filed_key: 'current_cloud_service_id', enum_key: 'nope', name_zh: 'nope', name_en: 'nope' })
  t.same(list[1], { filed_key: 'creator', enum_key: 'u1', name_zh: '王', name_en: 'Wang' })
  t.same(list[2], { filed_key: 'level_id', enum_key: 'level_99', name_zh: 'level_99', name_en: 'level_99' })
})

t.test('toDetail drops the domain and keeps a verbatim list', async t => {
  const verbatim = [{ filed_key: 'x', enum_key: 'y', name_zh: 'z', name_en: 'w' }]
  const detail = toDetail({ ...base, enum_data_list: verbatim }, fixtures)
  t.notOk('domain_id' in detail)
  t.same(detail.enum_data_list, verbatim)
})
