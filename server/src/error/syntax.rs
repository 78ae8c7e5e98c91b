//! Why a body is not JSON at all, in words: serde_json's syntax errors (`expected value at
//! line 1 column 11`) as a sentence in Vietnamese and English that says where (line and
//! column) and what is wrong there, without serde's raw phrase.

use super::Text;
use super::decode::strip_position;

/// Where and why a body is not JSON at all (`malformed_json`), in words: the line and
/// column serde_json stopped at, and what it found wrong there.
pub fn syntax(err: &serde_json::Error) -> Text {
    let (line, column) = (err.line(), err.column());
    if err.is_eof() && line <= 1 && column == 0 {
        return Text::new(
            "Nội dung rỗng; cần một giá trị JSON.",
            "The body is empty; a JSON value is expected.",
        );
    }
    let raw = err.to_string();
    let (vi, en) = match strip_position(&raw) {
        m if m.starts_with("EOF while parsing") => (
            "JSON kết thúc giữa chừng (còn ngoặc hoặc chuỗi chưa đóng)",
            "the JSON ends too early (a bracket or string is not closed)",
        ),
        "expected `:`" => (
            "thiếu dấu hai chấm `:` sau tên trường",
            "a `:` is missing after a key",
        ),
        "expected `,` or `]`" => (
            "thiếu dấu phẩy `,` hoặc dấu đóng `]`",
            "a `,` or a closing `]` is missing",
        ),
        "expected `,` or `}`" => (
            "thiếu dấu phẩy `,` hoặc dấu đóng `}`",
            "a `,` or a closing `}` is missing",
        ),
        "expected value" | "expected ident" => (
            "ở đây không phải một giá trị JSON (chuỗi phải trong ngoặc kép; true, false, null viết thường)",
            "this is not a JSON value (strings need double quotes; true, false and null are lower case)",
        ),
        "key must be a string" | "expected `\"`" => (
            "tên trường phải là chuỗi trong ngoặc kép",
            "a key must be a string in double quotes",
        ),
        "trailing comma" => (
            "thừa dấu phẩy trước dấu đóng ngoặc",
            "a comma stands before a closing bracket",
        ),
        "trailing characters" => (
            "còn nội dung sau khi giá trị JSON đã kết thúc",
            "there is more text after the JSON value",
        ),
        "invalid number" => ("số viết sai", "a number is malformed"),
        "number out of range" => ("số quá lớn", "a number is too large"),
        "recursion limit exceeded" => ("lồng nhau quá sâu", "values are nested too deeply"),
        m if m.starts_with("control character") => (
            "chuỗi chứa ký tự điều khiển chưa thoát (như xuống dòng; viết \\n)",
            "a string holds an unescaped control character (such as a line break; write \\n)",
        ),
        _ => (
            "chuỗi có ký tự thoát (\\) hoặc mã Unicode không hợp lệ",
            "a string has an invalid escape (\\) or Unicode code",
        ),
    };
    Text::new(
        format!("JSON không đúng cú pháp ở dòng {line}, cột {column}: {vi}."),
        format!("The body is not valid JSON at line {line}, column {column}: {en}."),
    )
}
