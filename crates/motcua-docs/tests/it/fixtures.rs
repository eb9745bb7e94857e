//! Sample inputs: a citizen, a commune one-stop office, a procedure.

use jiff::civil::{Date, DateTime, date};
use motcua_docs::forms::*;

pub const NAME: &str = "Nguyễn Thị Minh Khai";
pub const CODE: &str = "H56.22.17-260126-0001";

pub fn today() -> Date {
    date(2026, 1, 26)
}

pub fn at(h: i8, m: i8) -> DateTime {
    today().at(h, m, 0, 0)
}

pub fn issuer() -> Issuer {
    Issuer {
        parent: Some("Ủy ban nhân dân phường Hoàn Kiếm".into()),
        name: "Trung tâm Phục vụ hành chính công".into(),
        place: "Hà Nội".into(),
    }
}

pub fn applicant() -> Applicant {
    Applicant {
        name: NAME.into(),
        id_number: "001190012345".into(),
        address: "Số 12 phố Hàng Bạc, phường Hoàn Kiếm, thành phố Hà Nội".into(),
        phone: "0912 345 678".into(),
        email: "minhkhai@example.vn".into(),
    }
}

pub fn receipt() -> Receipt {
    Receipt {
        issuer: issuer(),
        number: "125/TN-TTPVHCC".into(),
        issued_on: today(),
        copy_label: None,
        dossier_code: CODE.into(),
        reception_unit: "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm".into(),
        applicant: applicant(),
        authorised: Some(AuthorisedPerson {
            name: "Trần Văn Đức".into(),
            id_number: "001088009876".into(),
            address: "Số 5 ngõ Huế, phường Hai Bà Trưng, thành phố Hà Nội".into(),
            phone: "0987 654 321".into(),
            email: String::new(),
            authorisation: "Giấy ủy quyền số 12/UQ ngày 20/01/2026".into(),
        }),
        request: "Đăng ký khai sinh (thủ tục liên thông: đăng ký khai sinh, đăng ký thường trú, \
                  cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi)"
            .into(),
        components: vec![
            Component {
                name: "Tờ khai đăng ký khai sinh".into(),
                originals: 1,
                copies: 0,
            },
            Component {
                name: "Giấy chứng sinh".into(),
                originals: 1,
                copies: 0,
            },
            Component {
                name: "Giấy tờ tùy thân của người đi đăng ký khai sinh".into(),
                originals: 0,
                copies: 1,
            },
        ],
        sets: 1,
        processing_time: "03 ngày làm việc".into(),
        received_at: at(9, 15),
        appointment_at: date(2026, 1, 29).at(9, 15, 0, 0),
        result_delivery: "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm".into(),
        logbook: Some(LogbookRef {
            book: "01/2026".into(),
            entry: "0001".into(),
        }),
        receiver_name: "Lê Thu Hằng".into(),
        lookup_url: Some(format!("https://motcua.example.vn/tra-cuu/{CODE}")),
    }
}

pub fn supplement() -> Supplement {
    Supplement {
        issuer: issuer(),
        number: "12/PBS-TTPVHCC".into(),
        issued_on: today(),
        dossier_code: None,
        applicant_name: NAME.into(),
        request: "Đăng ký khai sinh".into(),
        address: applicant().address,
        phone: applicant().phone,
        email: applicant().email,
        items: vec![
            "Bổ sung bản chính Giấy chứng sinh do cơ sở y tế cấp".into(),
            "Ghi đầy đủ mục \"Nơi cư trú\" trong Tờ khai đăng ký khai sinh".into(),
        ],
        reason: "Hồ sơ chưa có Giấy chứng sinh; tờ khai còn thiếu thông tin nơi cư trú".into(),
        contact_name: "bà Lê Thu Hằng".into(),
        contact_phone: "024 3825 1234".into(),
        officer_name: "Lê Thu Hằng".into(),
    }
}

pub fn refusal() -> Refusal {
    Refusal {
        issuer: issuer(),
        number: "03/PTC-TTPVHCC".into(),
        issued_on: today(),
        reception_unit: "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm".into(),
        applicant: applicant(),
        dossier_code: None,
        request: "Cấp giấy phép xây dựng nhà ở riêng lẻ".into(),
        reasons: vec![
            "Thủ tục không thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường".into(),
        ],
        legal_basis: vec!["Điều 103 Luật Xây dựng năm 2014 (sửa đổi, bổ sung năm 2020)".into()],
        receiver_name: "Lê Thu Hằng".into(),
    }
}

pub fn apology() -> Apology {
    Apology {
        issuer: issuer(),
        number: "05/PXL".into(),
        issued_on: date(2026, 1, 28),
        addressee: format!("Bà {NAME}"),
        reception_unit: "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm".into(),
        received_at: at(9, 15),
        procedure: "Đăng ký khai sinh".into(),
        applicant_name: NAME.into(),
        id_number: "001190012345".into(),
        dossier_code: CODE.into(),
        original_appointment: date(2026, 1, 29).at(9, 15, 0, 0),
        reason: "Cần xác minh thông tin nơi cư trú của người mẹ tại địa phương khác".into(),
        new_appointment: date(2026, 2, 3).at(14, 0, 0, 0),
        signer_authority: None,
        signer_title: "Giám đốc".into(),
        signer_name: "Vũ Minh Tuấn".into(),
        recipients: vec![format!("Bà {NAME}"), "Lưu: VT".into()],
    }
}

pub fn stop_notice() -> StopNotice {
    StopNotice {
        issuer: issuer(),
        number: "02/TB-TTPVHCC".into(),
        issued_on: date(2026, 1, 27),
        dossier_code: CODE.into(),
        applicant: applicant(),
        procedure: "Đăng ký khai sinh".into(),
        received_at: at(9, 15),
        requested_at: date(2026, 1, 27).at(8, 30, 0, 0),
        reason: Some("Gia đình chuyển nơi cư trú, sẽ đăng ký tại nơi ở mới".into()),
        note: Some("Hồ sơ giấy được trả lại cho người nộp.".into()),
        signer_authority: None,
        signer_title: "Giám đốc".into(),
        signer_name: "Vũ Minh Tuấn".into(),
        recipients: vec![format!("Bà {NAME}"), "Lưu: VT".into()],
    }
}

pub fn control_slip(rows: usize) -> ControlSlip {
    let units = [
        "Trung tâm Phục vụ hành chính công",
        "Phòng Văn hóa - Xã hội",
        "Lãnh đạo Ủy ban nhân dân phường",
    ];
    let people = ["Lê Thu Hằng", "Đỗ Quang Huy", "Phạm Văn Bình"];
    let outcomes = [Timeliness::Early, Timeliness::OnTime, Timeliness::Late];
    ControlSlip {
        issuer: issuer(),
        number: "01/PKS-TTPVHCC".into(),
        issued_on: today(),
        dossier_code: CODE.into(),
        processing_agency: "Ủy ban nhân dân phường Hoàn Kiếm".into(),
        coordinating_agencies: vec!["Công an phường Hoàn Kiếm".into()],
        received_at: at(9, 15),
        appointment_at: date(2026, 1, 29).at(9, 15, 0, 0),
        rows: (0..rows)
            .map(|i| Handover {
                giver_unit: units[i % 3].into(),
                giver_person: people[i % 3].into(),
                receiver_unit: units[(i + 1) % 3].into(),
                receiver_person: people[(i + 1) % 3].into(),
                at: today().at(9 + (i % 8) as i8, 30, 0, 0),
                outcome: Some(outcomes[i % 3]),
                note: if i % 4 == 0 {
                    "Hồ sơ giấy kèm theo".into()
                } else {
                    String::new()
                },
            })
            .collect(),
    }
}

pub fn logbook(rows: usize) -> Logbook {
    Logbook {
        issuer: issuer(),
        number: "01/STD-TTPVHCC".into(),
        issued_on: today(),
        field: Some("Lĩnh vực hộ tịch".into()),
        rows: (0..rows)
            .map(|i| LogbookRow {
                seq: i as u32 + 1,
                dossier_code: format!("H56.22.17-260126-{:04}", i + 1),
                procedure: "Đăng ký khai sinh".into(),
                applicant: if i == 0 {
                    NAME.into()
                } else {
                    format!("Công dân số {}", i + 1)
                },
                address_phone: "Số 12 phố Hàng Bạc, Hoàn Kiếm / 0912 345 678".into(),
                lead_agency: "UBND phường Hoàn Kiếm".into(),
                received_at: at(9, 15),
                appointment_at: date(2026, 1, 29).at(9, 15, 0, 0),
                returned_at: (i % 2 == 0).then(|| date(2026, 1, 28).at(15, 0, 0, 0)),
                delivery_method: if i % 3 == 0 {
                    "Bưu chính".into()
                } else {
                    "Trực tiếp".into()
                },
                signed_by: String::new(),
            })
            .collect(),
    }
}
