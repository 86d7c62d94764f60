/// The few styles the survey pages add to `siang.css`: the 1-5 scale as large touch targets on a
/// phone, and the printable A4 poster of a service point. Served at `/survey/survey.css` (the pages'
/// Content-Security-Policy allows no inline styles).
enum SurveyStyles {
    static let css = """
    .survey fieldset.survey-q { margin: 1.25rem 0; }
    .survey .scale { display: grid; grid-template-columns: repeat(5, 1fr); gap: .3rem; }
    .survey .scale label.choice { display: flex; flex-direction: column; align-items: center; text-align: center; gap: .3rem;
      border: 1px solid #6b6b6b; border-radius: .4rem; padding: .55rem .15rem; min-height: 44px; font-size: .9rem; line-height: 1.25; margin: 0; }
    .survey .scale label.choice input { margin: 0; width: 1.3rem; height: 1.3rem; }
    .survey .scale .scale-n { font-weight: bold; font-size: 1.05rem; }
    .survey .scale label.choice:has(input:checked) { border-width: 2px; border-color: #0b4f8a; background: #eaf2fb; }
    .survey .req { color: #a4161a; }
    .survey .survey-meta { color: #3d3d3d; }
    .survey .survey-fixed { background: #eef5ee; border-left: 4px solid #1d6b2f; padding: .6rem .8rem; }
    .survey ul.survey-points { padding-left: 1.1rem; }
    .survey ul.survey-points li { margin: .8rem 0; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    body.poster { font-family: "Sarabun", "Noto Sans Thai", "Tahoma", sans-serif; color: #000; background: #fff; margin: 0; }
    body.poster main { max-width: 180mm; margin: 0 auto; padding: 12mm 8mm; text-align: center; }
    body.poster h1 { font-size: 2.2rem; margin: .5rem 0 1rem; }
    .poster-agency { font-size: 1.3rem; margin: 0; }
    .poster-point { font-size: 1.6rem; font-weight: bold; }
    .poster-point span { font-size: 1.2rem; font-weight: normal; }
    .poster-qr { width: 120mm; height: 120mm; max-width: 100%; }
    .poster-how { font-size: 1.3rem; }
    .poster-url { font-size: 1rem; word-break: break-all; }
    @media print { .no-print { display: none; } @page { size: A4; margin: 10mm; } }
    """
}
