"""Every code the figures hand up, in the words a coordinator reads: one table each."""

from __future__ import annotations

from ..ledger.status import Status

STATUS_LABELS: dict[str, str] = {
    Status.DONE: "已完成",
    Status.ON_TRACK: "正常",
    Status.BEHIND: "滞后",
    Status.OVERDUE: "逾期",
    Status.NO_TARGET: "无目标",
    Status.PENDING: "未完成",
    Status.ON_TIME: "按时",
    Status.LATE: "迟报",
    Status.MISSING: "未报",
    Status.NO_RECORD: "无记录",
    Status.IN_PROGRESS: "有进展",
    Status.QUIET: "久无进展",
    Status.SILENT_YEAR: "全年无记录",
}
# Worst first, for sorting a row's shares.
STATUS_ORDER: dict[str, int] = {
    Status.OVERDUE: 0,
    Status.BEHIND: 1,
    Status.ON_TRACK: 2,
    Status.NO_TARGET: 3,
    Status.DONE: 4,
}
# Pacing rules (``ledger.pacing``) as the unit view names them.
PACING_LABELS: dict[str, str] = {
    "linear": "按时间均匀",
    "deadline": "到时限应完成",
    "stepped": "按月分步",
}
# A dispatch term's flags (``TermStatus.flags``); {months}: the term's months.
TERM_FLAG_LABELS: dict[str, str] = {
    "short_plan": "计划不足{months}个月",
    "early_return": "不足{months}个月即返回",
    "no_plan": "未填计划月数",
}
# Entry kinds as the log and the review name them.
ENTRY_KIND_NAMES: dict[str, str] = {
    "increment": "增量",
    "total": "累计",
    "done": "完成",
    "activity": "活动",
    "void": "作废",
}
# A ``done`` that names a dispatch (``ref``): its persons came back.
RETURN_KIND = "返回"
# Row 11's fund figures as entries carry them, in the table's order.
FUND_LABELS: dict[str, str] = {"received": "到位", "disbursed": "拨付", "used": "使用"}
# What a voided entry is marked with, in the log and its note.
VOIDED = "已作废"
UNIT_KIND_LABELS: dict[str, str] = {
    "department": "区直部门",
    "subdistrict": "街镇",
    "cooperative": "经合社",
    "company": "企业",
}
