import Foundation
import SiangCore

/// The survey as an HTML form that needs no JavaScript: the questions on page 1; when the overall
/// score or a dimension is 1 or 2 and no reason was given, page 2 asks the reasons (the answers of
/// page 1 travel with it as hidden fields). Reads the posted fields back into a ``SurveyResponse``.
///
/// Field names: a rating or choice question's id; `reason_<code>` for each reason ticked;
/// `reasonText`; `comment`; `step` (1 or 2).
struct SurveyForm {
    let definition: SurveyDefinition
    let settings: SurveySettings
    let language: Language

    /// The answer the posted fields hold.
    func response(from fields: [String: String]) -> SurveyResponse {
        var r = SurveyResponse()
        for q in definition.questions {
            switch q.type {
            case .rating:
                if let raw = fields[q.id], !raw.isEmpty { r.ratings[q.id] = Int(raw) ?? 0 }
            case .choice, .segment:
                if let raw = fields[q.id], !raw.isEmpty { r.choices[q.id] = raw }
            case .reasons:
                r.reasons = settings.reasonCodes.map(\.code).filter { fields["reason_\($0)"] != nil }
            case .text:
                r.comment = fields[q.id]
            }
        }
        r.reasonText = fields["reasonText"]
        return r
    }

    /// Page 1: every question but the reasons. `fixed` answers (a LINE rating) are shown, not asked.
    func pageOne(_ r: SurveyResponse, fixed: SurveyResponse?, errors: [FieldError]) -> [String: Any] {
        let byField = Dictionary(errors.map { ($0.field, $0.message(language)) }, uniquingKeysWith: { a, b in a + " " + b })
        var questions: [[String: Any]] = []
        var number = 0
        for q in definition.questions where q.type != .reasons {
            if let given = fixed?.ratings[q.id] {
                let label = settings.scaleLabel(given)?.label.text(language) ?? ""
                questions.append(["fixed": true, "label": q.label.text(language), "value": "\(given) \(label)"])
                continue
            }
            number += 1
            var item: [String: Any] = ["id": q.id, "number": number, "label": q.label.text(language), "required": q.isRequired]
            if let e = byField[q.id] { item["error"] = e }
            switch q.type {
            case .rating:
                item["isRating"] = true
                item["options"] = settings.scale.sorted { $0.value > $1.value }.map { point -> [String: Any] in
                    ["value": "\(point.value)", "word": point.label.text(language),
                     "inputId": "\(q.id)-\(point.value)", "checked": r.ratings[q.id] == point.value]
                }
            case .choice:
                item["isChoice"] = true
                item["options"] = (q.options ?? []).map { o -> [String: Any] in
                    ["value": o.value, "label": o.label.text(language), "inputId": "\(q.id)-\(o.value)", "checked": r.choices[q.id] == o.value]
                }
            case .segment:
                item["isChoice"] = true
                item["options"] = Segment.allCases.map { s -> [String: Any] in
                    ["value": s.rawValue, "label": s.label.text(language), "inputId": "\(q.id)-\(s.rawValue)", "checked": r.choices[q.id] == s.rawValue]
                }
            case .text:
                item["isText"] = true
                item["text"] = r.comment ?? ""
            case .reasons:
                break
            }
            questions.append(item)
        }
        return ["step": 1, "questions": questions, "errors": summary(errors), "hasErrors": !errors.isEmpty]
    }

    /// Page 2: the reasons and the comment, page 1's answers as hidden fields.
    func pageTwo(_ r: SurveyResponse, errors: [FieldError]) -> [String: Any] {
        let byField = Dictionary(errors.map { ($0.field, $0.message(language)) }, uniquingKeysWith: { a, b in a + " " + b })
        var hidden: [[String: String]] = []
        for (id, v) in r.ratings.sorted(by: { $0.key < $1.key }) { hidden.append(["name": id, "value": "\(v)"]) }
        for (id, v) in r.choices.sorted(by: { $0.key < $1.key }) { hidden.append(["name": id, "value": v]) }
        let reasonsQuestion = definition.questions.first { $0.type == .reasons }
        let reasons = settings.reasonCodes.map { code -> [String: Any] in
            ["code": code.code, "label": code.label.text(language), "inputId": "reason-\(code.code)", "checked": r.reasons.contains(code.code),
             "needsText": code.requiresText]
        }
        var values: [String: Any] = [
            "step": 2, "hidden": hidden, "reasons": reasons, "reasonsLabel": reasonsQuestion?.label.text(language) ?? "",
            "reasonText": r.reasonText ?? "", "comment": r.comment ?? "", "errors": summary(errors), "hasErrors": !errors.isEmpty,
            "askComment": definition.question(SurveyQuestion.comment) != nil,
            "commentLabel": definition.question(SurveyQuestion.comment)?.label.text(language) ?? "",
        ]
        if let e = byField["reasons"] { values["reasonsError"] = e }
        if let e = byField["reasonText"] { values["reasonTextError"] = e }
        if let e = byField["comment"] { values["commentError"] = e }
        return values
    }

    func summary(_ errors: [FieldError]) -> [[String: String]] {
        errors.map { e in
            let anchor: String
            if let q = definition.question(e.field), q.type == .rating || q.type == .choice || q.type == .segment {
                anchor = "q-\(e.field)"
            } else if e.field == "reasons" {
                anchor = "reasons"
            } else {
                anchor = e.field
            }
            return ["field": anchor, "message": e.message(language)]
        }
    }
}
