/**
 * Every stable error `code` a client can receive, with its HTTP status and what it means. The
 * routes in the manifest name the codes they may answer from this list, the API reference is
 * generated from it, and test/unit/error-codes.test.ts proves that every code the code throws
 * is here. Messages of the errors themselves are written where they are thrown.
 */
export interface ErrorCodeDecl {
  status: 400 | 401 | 403 | 404 | 409 | 415 | 422;
  meaning: string;
  meaningZh: string;
}

export const ERROR_CODES = {
  MALFORMED_REQUEST: {
    status: 400,
    meaning: 'The body is not JSON, or a required header is missing or malformed',
    meaningZh: '请求体不是有效的 JSON，或缺少必需的请求头',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    meaning: 'A request body is sent without Content-Type: application/json',
    meaningZh: '请求体须以 Content-Type: application/json 发送',
  },
  UNAUTHORIZED: { status: 401, meaning: 'No valid bearer token', meaningZh: '没有有效的访问令牌' },
  FORBIDDEN: {
    status: 403,
    meaning: 'Your role may not do this, you have no active user record, or the organization is outside your scope',
    meaningZh: '角色无权操作、没有有效的用户记录，或该单位不在权限范围内',
  },
  NOT_FOUND: { status: 404, meaning: 'What the path names does not exist', meaningZh: '路径所指的对象不存在' },
  VALIDATION_FAILED: {
    status: 422,
    meaning: 'The input breaks a rule: each issue names the field and the rule',
    meaningZh: '输入不符合规则：每一项问题都指明字段和规则',
  },

  USER_EXISTS: { status: 409, meaning: 'A user with this id exists', meaningZh: '该用户已存在' },
  STALE_VERSION: { status: 409, meaning: 'The user was changed meanwhile: read it again', meaningZh: '用户已被他人修改，请刷新后重试' },
  ORG_EXISTS: { status: 409, meaning: 'An organization with this id exists', meaningZh: '该单位代码已被使用' },
  USCC_IN_USE: { status: 409, meaning: 'The unified social credit code is registered to another organization', meaningZh: '该统一社会信用代码已被登记' },
  PARENT_INACTIVE: { status: 409, meaning: 'The parent organization was abolished meanwhile', meaningZh: '上级单位已撤销' },
  ORGANIZATION_ABOLISHED: { status: 409, meaning: 'The organization has been abolished', meaningZh: '单位已撤销' },
  STALE_QUOTA: { status: 409, meaning: 'The quota was changed meanwhile: read it again', meaningZh: '编制数或领导职数已被他人修改，请刷新后重试' },
  STALE_PERSON: { status: 409, meaning: 'The person changed meanwhile: read them again', meaningZh: '人员信息已变化，请刷新后重试' },
  NO_VACANCY: { status: 409, meaning: 'No vacant slot of this quota type (quota − on-roll − reserved)', meaningZh: '该类编制没有空编' },
  NO_POST_VACANCY: { status: 409, meaning: 'No vacant leadership post of this grade and track', meaningZh: '该职级没有空缺职数' },
  SAME_POST: { status: 409, meaning: 'The person already holds this post', meaningZh: '此人已任该职务' },
  DUPLICATE_PERSON: { status: 409, meaning: 'This person already holds an establishment slot in the city', meaningZh: '此人已在本市占用编制' },
  NOT_ON_ROLL: { status: 409, meaning: 'The person is not (or no longer) on this roster', meaningZh: '此人不在编' },
  IDEMPOTENCY_RACE: {
    status: 409,
    meaning: 'Another request with this Idempotency-Key is being recorded: send it again',
    meaningZh: '同一幂等键的另一请求正在处理，请重新发送',
  },
  ALREADY_REPORTED: { status: 409, meaning: 'The implementation item was reported done already', meaningZh: '该落实事项已报告办结' },
  STALE_MATTER: { status: 409, meaning: 'The matter changed meanwhile: read it again', meaningZh: '事项已变化，请刷新后重试' },
  LETTER_NOT_OPEN: {
    status: 409,
    meaning: 'The supervision letter is not open: its rectification was reported already, or it is closed',
    meaningZh: '督办函不在待整改状态：整改情况已报送，或已销号',
  },
  SUSPENDED_ALREADY: { status: 409, meaning: "The unit's approvals are suspended already", meaningZh: '该单位已暂停审批' },
  NOT_SUSPENDED: { status: 409, meaning: "The unit's approvals are not suspended", meaningZh: '该单位未被暂停审批' },
  ALREADY_DELIVERED: { status: 409, meaning: 'The notification letter was delivered already', meaningZh: '该告知函已送达' },
  NOT_DELIVERED: {
    status: 409,
    meaning: 'The notification letter has no number until its delivery is recorded: there is no document to print yet',
    meaningZh: '告知函尚未登记送达、未编号，暂无可打印的文书',
  },
  NO_CARD: {
    status: 409,
    meaning: 'The person came onto the roll by import or transfer, not onto a slot of an approved plan: no card was issued',
    meaningZh: '此人经导入或调入进编，未经核准使用编制，未发编制卡',
  },
  DOCUMENT_UNAVAILABLE: {
    status: 409,
    meaning: 'The record lacks something its document needs (it was written before that was kept): the office looks at it',
    meaningZh: '该记录缺少成文所需的信息，无法生成文书',
  },
  NOT_APPROVED: {
    status: 409,
    meaning: 'The plan has no approval notice (核准使用编制通知单) yet',
    meaningZh: '用编计划尚未核准，没有核准使用编制通知单',
  },
  LEAD_STEP_OUT_OF_ORDER: {
    status: 409,
    meaning: 'The lead transfer is not at that step: acknowledge, handle and feed back in turn',
    meaningZh: '移送单不在该环节：须依次签收、办理、反馈',
  },
  DRAW_EXISTS: { status: 409, meaning: "The year's inspection was drawn already (its seed is recorded with it)", meaningZh: '该年度专项检查已抽取' },
  INSPECTION_CONCLUDED: { status: 409, meaning: 'The inspection is concluded', meaningZh: '该专项检查已结束' },
  LETTER_NOT_REPORTED: {
    status: 409,
    meaning: 'The supervision letter has no rectification waiting to be verified',
    meaningZh: '督办函没有待核查的整改情况',
  },
  CLAIMED: {
    status: 409,
    meaning: 'Another person of the section has claimed the task: they decide it, or hand it on',
    meaningZh: '该事项已由本科室其他人员认领',
  },
  NOT_ISSUED: { status: 409, meaning: 'The matter has no approval document yet: implementation starts on issue', meaningZh: '事项尚未批复发文' },
  STALE_CATALOG: { status: 409, meaning: 'The matter catalog was changed meanwhile: read it again', meaningZh: '事项目录已被修改，请刷新后重试' },
  STALE_PLAN: { status: 409, meaning: 'The plan changed meanwhile: read it again', meaningZh: '用编计划已变化，请刷新后重试' },
  NOT_PENDING: { status: 409, meaning: 'The plan or matter is no longer pending (decided, refused or withdrawn)', meaningZh: '用编计划或事项已办结，不能撤回' },
  NOT_RETURNED: {
    status: 409,
    meaning: 'Only a plan or matter returned for correction (or stopped by an error) can be resubmitted',
    meaningZh: '只有被退回补正（或因出错中止）的用编计划或事项可以重新提交',
  },
  ALREADY_DECIDED: { status: 409, meaning: 'The task was decided already; the first decision stands', meaningZh: '该审批事项已办理' },
  STEP_TIMED_OUT: {
    status: 409,
    meaning:
      'The step timed out before the decision reached the workflow: the decision was not recorded; the message names the step, when it timed out and who holds it now',
    meaningZh: '办理时限已过，意见未被采纳；提示中写明超时的步骤、时间和现在的办理人',
  },
  TASK_CLOSED: {
    status: 409,
    meaning: 'The plan was withdrawn, or its workflow ended: the task is closed',
    meaningZh: '用编计划已撤回或流程已结束，该审批事项已关闭',
  },
  ROSTER_MISMATCH: { status: 409, meaning: 'The roster and the counters disagree: reconcile them first', meaningZh: '实名制名册与编制台账不一致，请先核对' },
  BUSY: {
    status: 409,
    meaning: 'Too many changes to the same records at once: send the request again in a moment',
    meaningZh: '同时办理的业务过多，请稍后重试',
  },
  SAME_UNIT: { status: 409, meaning: 'The person is already on this unit’s roster', meaningZh: '此人已在本单位名册中' },
  TRANSFER_CLOSED: { status: 409, meaning: 'The transfer was completed or cancelled already', meaningZh: '该调动已办结或已取消' },
  NO_RESERVED_SLOT: {
    status: 409,
    meaning: 'No reserved slot of the plan is left (used up, lapsed or not approved)',
    meaningZh: '该用编计划已无可用的核准名额',
  },
} as const satisfies Record<string, ErrorCodeDecl>;

export type ErrorCode = keyof typeof ERROR_CODES;
