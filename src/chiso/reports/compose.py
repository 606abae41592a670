"""A review report from a Review: letterhead, sections I–III with charts, annexes and traces."""

from chiso.domain.letterhead import letterhead
from chiso.domain.settings import Settings
from chiso.reports.charts import group_chart, ranking_chart, trend_chart
from chiso.reports.document import Block, Chart, Para, Report
from chiso.reports.phrases import PEER_NOUN, join, moment, sentence
from chiso.reports.results import (
    Cite,
    achievement_section,
    de_an_06_section,
    dossier_section,
    index_section,
    national_section,
    plan_section,
    plan_title,
    task_section,
    who,
)
from chiso.reports.review import Review
from chiso.reports.shortfalls import causes, shortcomings, tasks
from chiso.reports.tables import annexes


def compose(review: Review, settings: Settings) -> Report:
    head = letterhead(settings, review.province.name, review.period_vi, review.subject.name, review.made)
    cite = Cite(review)
    body: list[Block] = []
    at = review.period.status_moment(review.moment)
    plans = [plan_title(s) for s in [*review.plans, *review.without_data]]
    grounds = f"Thực hiện {join(plans)}; căn cứ" if plans else "Căn cứ"
    body.append(Para(
        f"{grounds} số liệu giải quyết thủ tục hành chính trên hệ thống (tổng hợp đến {moment(at)}), "
        f"{'Ủy ban nhân dân tỉnh' if review.is_province else review.subject.name} báo cáo kết quả thực hiện cải cách "
        f"hành chính, chuyển đổi số và Đề án 06 {review.period_vi} như sau:"))
    body.append(Para("I. KẾT QUẢ ĐẠT ĐƯỢC", "heading1"))
    body.append(Para("1. Bộ chỉ số phục vụ người dân, doanh nghiệp (Quyết định số 766/QĐ-TTg)", "heading2"))
    body += index_section(review, cite)
    body += national_section(review, cite)
    trend = trend_chart(review)
    if trend:
        body.append(Chart(trend, f"Biểu đồ 1. Điểm Bộ chỉ số 766 của {who(review).lower()} theo tháng, "
                                 f"năm {review.period.end.year}"))
    body.append(Chart(group_chart(review), f"Biểu đồ {2 if trend else 1}. Điểm theo nhóm chỉ số, "
                                           f"{review.period_vi}"))
    departments = [r for r in review.departments if r.rank is not None]
    chart = ranking_chart([r.name for r in departments], [float(r.total) for r in departments])
    if chart:
        noun = PEER_NOUN.get(departments[0].kind, "đơn vị")
        body.append(Chart(chart, f"Biểu đồ {3 if trend else 2}. Điểm Bộ chỉ số 766 của các {noun}, "
                                 f"{review.period_vi}"))
    body.append(Para("2. Kết quả giải quyết thủ tục hành chính", "heading2"))
    body += dossier_section(review, cite)
    body.append(Para("3. Thực hiện Đề án 06 (phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử)",
                     "heading2"))
    body += de_an_06_section(review, cite)
    for number, status in enumerate(review.plans, start=4):
        body.append(Para(f"{number}. Thực hiện {status.plan.name}", "heading2"))
        body += plan_section(status, review, cite)
    if review.without_data:
        body.append(Para(sentence(f"{join([plan_title(s) for s in review.without_data])} chưa có số liệu để đánh giá "
                                  f"trong kỳ")))
    number = 4 + len(review.plans)
    if review.tasks is not None:
        body.append(Para(f"{number}. Thực hiện nhiệm vụ được giao", "heading2"))
        body += task_section(review, cite)
        number += 1
    if review.achievements is not None:
        body.append(Para(f"{number}. Mô hình, sáng kiến, đối thoại và khen thưởng", "heading2"))
        body += achievement_section(review, cite)
        number += 1
    if review.scorecards:
        body.append(Para(f"{number}. Kết quả đánh giá, xếp loại các cơ quan, đơn vị", "heading2"))
        for name, year, lines in review.scorecards:
            body.append(Para(sentence(f"{name} năm {year}: " + "; ".join(
                line[0].lower() + line[1:] for line in lines))))
    body.append(Para("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "heading1"))
    body.append(Para("1. Tồn tại, hạn chế", "heading2"))
    body += shortcomings(review, cite)
    body.append(Para("2. Nguyên nhân", "heading2"))
    body += causes(review, cite)
    body.append(Para("III. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM KỲ TỚI", "heading1"))
    body += tasks(review)
    tables = annexes(review)
    body.append(Para(
        "Số liệu trong báo cáo được chiso tính tự động từ hồ sơ thủ tục hành chính và số liệu các đơn vị báo cáo; "
        "định nghĩa, phiên bản, điều kiện lọc và số đếm của từng số liệu được liệt kê tại sheet “Nguồn số liệu” "
        f"của tệp Excel kèm theo. Chi tiết tại {len(tables)} phụ lục kèm theo.", "note"))
    if review.demo:
        body.insert(0, Para("DỮ LIỆU MÔ PHỎNG — BÁO CÁO MẪU, KHÔNG CÓ GIÁ TRỊ CHÍNH THỨC", "note"))
    closing = (f"Trên đây là báo cáo kết quả thực hiện cải cách hành chính, chuyển đổi số và Đề án 06 "
               f"{review.period_vi}./.")
    return Report(head, body, tables, cite.traces, closing, review.demo)
