-- chiso store, schema version 15: apology letters sent for late dossiers ("Phiếu xin lỗi và hẹn lại ngày trả kết
-- quả"): who marked one as sent and when, the reason, the delay and the new return day it promised. Append-only;
-- the dossier's apology_sent flag is set with it and kept when the dossier is imported again.
CREATE TABLE apology_letters (
    number VARCHAR NOT NULL,
    letter_date DATE NOT NULL,
    delay_working_days INTEGER NOT NULL,
    new_due DATE NOT NULL,
    reason VARCHAR NOT NULL,
    sent_by VARCHAR NOT NULL,
    sent_at TIMESTAMP NOT NULL
);
