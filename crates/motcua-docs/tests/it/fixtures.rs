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
