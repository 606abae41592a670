"""What each audit-log action means, in Vietnamese for the administrator's log (the code stays for scripts)."""

ACTION_VI = {
    "user.add": "Thêm tài khoản",
    "user.active": "Khóa hoặc mở khóa tài khoản",
    "user.password": "Đặt lại mật khẩu",
    "target_value.add": "Nhập số liệu chỉ tiêu",
    "calendar.set": "Sửa lịch ngày làm việc",
    "setting.set": "Sửa cấu hình",
    "token.add": "Cấp mã truy cập API",
    "user.contact": "Sửa địa chỉ nhận cảnh báo",
    "alert.detected": "Phát hiện cảnh báo mới",
    "apology.sent": "Ghi nhận đã gửi phiếu xin lỗi",
    "token.revoke": "Thu hồi mã truy cập API",
}


def action_vi(action: str, kinds: dict[str, str] | None = None) -> str:
    """``import.dossiers`` -> "Nhập tệp: Hồ sơ TTHC"; an unknown action is shown as it is."""
    if action.startswith("import."):
        kind = action.removeprefix("import.")
        return "Nhập tệp: " + (kinds or {}).get(kind, kind)
    return ACTION_VI.get(action, action)
