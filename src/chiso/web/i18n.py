"""Interface strings in Vietnamese (default) and English."""

LANGS = ("vi", "en")

STRINGS: dict[str, tuple[str, str]] = {
    "app": ("chiso — chỉ số CCHC, CĐS, Đề án 06", "chiso — reform, digital transformation and Đề án 06 indicators"),
    "overview": ("Tổng quan", "Overview"),
    "late": ("Hồ sơ trễ, sắp đến hạn", "Late and due-soon dossiers"),
    "plans": ("Kế hoạch, chiến dịch", "Plans and campaigns"),
    "indicators": ("Chỉ số", "Indicators"),
    "entry": ("Nhập số liệu", "Data entry"),
    "jobs": ("Công việc", "Jobs"),
    "admin": ("Quản trị", "Administration"),
    "reports": ("Báo cáo", "Reports"),
    "login": ("Đăng nhập", "Log in"),
    "logout": ("Đăng xuất", "Log out"),
    "username": ("Tên đăng nhập", "Username"),
    "password": ("Mật khẩu", "Password"),
    "period": ("Kỳ", "Period"),
    "show": ("Xem", "Show"),
    "unit": ("Đơn vị", "Unit"),
    "rank": ("Hạng", "Rank"),
    "total": ("Tổng điểm", "Total"),
    "band": ("Nhóm", "Band"),
    "prev": ("± kỳ trước", "± previous"),
    "last_year": ("± cùng kỳ", "± last year"),
    "departments": ("Sở, ban, ngành", "Departments"),
    "communes": ("Xã, phường", "Communes"),
    "groups": ("Nhóm chỉ số", "Groups"),
    "metric": ("Tiêu chí", "Metric"),
    "score": ("Điểm", "Score"),
    "max": ("Tối đa", "Maximum"),
    "lost": ("Mất", "Lost"),
    "numerator": ("Tử số", "Numerator"),
    "denominator": ("Mẫu số", "Denominator"),
    "overdue": ("Đang quá hạn", "Overdue"),
    "due_soon": ("Sắp đến hạn", "Due soon"),
    "trend": ("Diễn biến theo tháng", "Trend by month"),
    "whatif": ("Nếu xử lý thêm hồ sơ", "What if more dossiers were fixed"),
    "targets": ("Chỉ tiêu", "Targets"),
    "rank_history": ("Thứ hạng theo tháng", "Rank by month"),
    "dossiers": ("Hồ sơ", "Dossiers"),
    "definition": ("Định nghĩa", "Definition"),
    "export_xlsx": ("Xuất Excel", "Export to Excel"),
    "provisional": ("tạm tính", "provisional"),
    "synthetic": ("DỮ LIỆU MÔ PHỎNG", "SYNTHETIC DEMO DATA"),
    "forbidden": ("Bạn không có quyền xem trang này.", "You may not see this page."),
    "not_found": ("Không tìm thấy.", "Not found."),
    "server_error": ("Lỗi hệ thống; đã ghi nhật ký để quản trị kiểm tra.",
                     "Server error; it was logged for the administrator."),
    "bad_login": ("Sai tên đăng nhập hoặc mật khẩu.", "Wrong username or password."),
    "public_status": ("Tra cứu hồ sơ", "Dossier status"),
    "public_index": ("Chỉ số của tỉnh", "The province's index"),
    "save": ("Lưu", "Save"),
    "import": ("Nhập tệp", "Import a file"),
    "audit": ("Nhật ký thay đổi", "Audit log"),
    "users": ("Tài khoản", "Accounts"),
    "calendar": ("Lịch làm việc", "Working calendar"),
    "settings": ("Cấu hình", "Settings"),
}


def translate(key: str, lang: str) -> str:
    pair = STRINGS.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]
