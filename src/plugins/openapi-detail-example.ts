/** The seed ticket IM202403181322030178042608 as GET /v1/external/incident/{incident_num} answers it on a fresh seed. */
export const DETAIL_EXAMPLE = {
  provider_code: '049',
  error_code: 'GOM.00000000',
  error_msg: null,
  data: {
    incident_num: 'IM202403181322030178042608',
    region: [
      ''
    ],
    enterprise_project: [
      '0'
    ],
    current_cloud_service: [
      '6470681a31da2a47ed50a919'
    ],
    incident_level: 'level_50',
    is_service_interrupt: true,
    incident_type: 'inc_type_p_function_issues',
    incident_title: 'tet',
    incident_description: '25819b46251b46218bf6ad238ddd860c',
    incident_source: 'incident_source_manual',
    incident_assignee: [
      '25819b46251b46218bf6ad238ddd860c'
    ],
    assignee_scene: '',
    assignee_role: '',
    warroom_id: 'WR202403181334366050100030',
    handle_time: null,
    status: 'INCIDENT_STATUS_ACKNOWLEDGED',
    create_time: 1710739323172,
    creator: '1',
    enum_data_list: [
      {
        filed_key: 'current_cloud_service_id',
        enum_key: '6470681a31da2a47ed50a919',
        name_zh: 'COC',
        name_en: 'COC'
      },
      {
        filed_key: 'creator',
        enum_key: '25819b46251b46218bf6ad238ddd860c',
        name_zh: 'coc-cim-user',
        name_en: 'coc-cim-user'
      },
      {
        filed_key: 'level_id',
        enum_key: 'level_50',
        name_zh: 'P5',
        name_en: 'P5'
      },
      {
        filed_key: 'work_flow_status',
        enum_key: 'INCIDENT_STATUS_ACKNOWLEDGED',
        name_zh: 'xxx',
        name_en: 'ACKNOWLEDGED'
      },
      {
        filed_key: 'mtm_type',
        enum_key: 'inc_type_p_function_issues',
        name_zh: 'xxx',
        name_en: 'function issues'
      },
      {
        filed_key: 'source_id',
        enum_key: 'incident_source_manual',
        name_zh: 'xxx',
        name_en: 'Manual Creation'
      },
      {
        filed_key: 'assignee',
        enum_key: '25819b46251b46218bf6ad238ddd860c',
        name_zh: 'coc-cim-user',
        name_en: 'coc-cim-user'
      }
    ]
  }
}
