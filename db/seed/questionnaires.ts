/** The default questionnaires of DOMAIN.md, in Vietnamese and English. */
export type SeedQuestion = {
  key: string;
  type: "scale" | "choice" | "number" | "text";
  group?: string;
  overall?: boolean;
  required?: boolean;
  allowNA?: boolean;
  vi: string;
  en: string;
  options?: Array<{ value: string; vi: string; en: string }>;
  min?: number;
  max?: number;
  maxLength?: number;
};

export type SeedQuestionnaire = { code: string; vi: string; en: string; questions: SeedQuestion[] };

export const CRITERION_GROUPS = [
  { key: "sipas-access", vi: "Tiếp cận dịch vụ", en: "Access to the service" },
  { key: "sipas-procedures", vi: "Thủ tục hành chính", en: "Administrative procedures" },
  { key: "sipas-staff", vi: "Công chức giải quyết", en: "Civil servants" },
  { key: "sipas-results", vi: "Kết quả giải quyết", en: "Results of the service" },
  { key: "sipas-feedback", vi: "Tiếp nhận, xử lý góp ý, phản ánh", en: "Feedback and complaints" },
  { key: "health-access", vi: "A. Khả năng tiếp cận", en: "A. Access" },
  { key: "health-transparency", vi: "B. Minh bạch thông tin, thủ tục", en: "B. Transparency of information and procedures" },
  { key: "health-facilities", vi: "C. Cơ sở vật chất", en: "C. Facilities" },
  { key: "health-staff", vi: "D. Thái độ, năng lực nhân viên y tế", en: "D. Staff attitude and competence" },
  { key: "health-results", vi: "E. Kết quả cung cấp dịch vụ", en: "E. Results of care" },
  { key: "edu-access", vi: "Tiếp cận dịch vụ giáo dục", en: "Access to education services" },
  { key: "edu-facilities", vi: "Cơ sở vật chất", en: "Facilities" },
  { key: "edu-environment", vi: "Môi trường giáo dục", en: "Educational environment" },
  { key: "edu-teaching", vi: "Hoạt động giáo dục", en: "Educational activities" },
  { key: "edu-results", vi: "Kết quả giáo dục", en: "Educational results" },
] as const;

const comment: SeedQuestion = {
  key: "comment",
  type: "text",
  required: false,
  maxLength: 2000,
  vi: "Ông/Bà có góp ý gì để chúng tôi phục vụ tốt hơn?",
  en: "Do you have any suggestion to help us serve you better?",
};

export const ADMINISTRATIVE: SeedQuestionnaire = {
  code: "tthc",
  vi: "Phiếu khảo sát giải quyết thủ tục hành chính",
  en: "Administrative procedures survey",
  questions: [
    { key: "signage", type: "scale", group: "sipas-access", vi: "Nơi tiếp nhận hồ sơ có biển chỉ dẫn rõ ràng, đủ chỗ ngồi và trang thiết bị phục vụ.", en: "The reception area has clear signs, enough seating and equipment." },
    { key: "posted", type: "scale", group: "sipas-procedures", vi: "Thủ tục hành chính được niêm yết công khai, đầy đủ, dễ hiểu (thành phần hồ sơ, phí, lệ phí, thời hạn).", en: "The procedure is publicly posted, complete and easy to understand (documents, fees, time limits)." },
    { key: "as_posted", type: "scale", group: "sipas-procedures", vi: "Thành phần hồ sơ, phí và thời hạn giải quyết đúng như đã niêm yết.", en: "The documents, fees and time limit were as posted." },
    { key: "courtesy", type: "scale", group: "sipas-staff", vi: "Công chức tiếp nhận lịch sự, lắng nghe, hướng dẫn tận tình, không gây phiền hà.", en: "The civil servant was courteous, listened, guided you patiently and caused no trouble." },
    { key: "guidance", type: "scale", group: "sipas-staff", vi: "Công chức hướng dẫn kê khai hồ sơ đầy đủ, dễ hiểu, một lần là đủ.", en: "The civil servant explained the dossier fully and clearly, once was enough." },
    { key: "result_correct", type: "scale", group: "sipas-results", vi: "Kết quả giải quyết chính xác, đầy đủ thông tin.", en: "The result was accurate and complete." },
    { key: "feedback", type: "scale", group: "sipas-feedback", allowNA: true, vi: "Việc góp ý, phản ánh, kiến nghị dễ dàng và được phản hồi kịp thời.", en: "Giving feedback or complaints is easy and gets a timely answer." },
    { key: "overall", type: "scale", overall: true, vi: "Nhìn chung, Ông/Bà hài lòng thế nào với việc giải quyết thủ tục hành chính lần này?", en: "Overall, how satisfied are you with how your procedure was handled this time?" },
    {
      key: "visits", type: "choice", vi: "Ông/Bà phải đi lại bao nhiêu lần để hoàn thành hồ sơ?", en: "How many times did you have to come to complete the dossier?",
      options: [
        { value: "1", vi: "1 lần", en: "Once" },
        { value: "2", vi: "2 lần", en: "Twice" },
        { value: "3+", vi: "3 lần trở lên", en: "3 times or more" },
      ],
    },
    {
      key: "on_time", type: "choice", vi: "Kết quả có được trả đúng hẹn không?", en: "Was the result returned on time?",
      options: [
        { value: "on_time", vi: "Đúng hẹn", en: "On time" },
        { value: "late", vi: "Trễ hẹn", en: "Late" },
        { value: "not_yet", vi: "Chưa nhận kết quả", en: "Not received yet" },
      ],
    },
    {
      key: "submission_channel", type: "choice", vi: "Ông/Bà nộp hồ sơ theo hình thức nào?", en: "How did you submit the dossier?",
      options: [
        { value: "in_person", vi: "Trực tiếp tại Bộ phận Một cửa", en: "In person at the one-stop counter" },
        { value: "online", vi: "Trực tuyến trên Cổng Dịch vụ công", en: "Online on the Public Service Portal" },
        { value: "post", vi: "Qua dịch vụ bưu chính", en: "By post" },
      ],
    },
    comment,
  ],
};

export const HEALTH: SeedQuestionnaire = {
  code: "health-outpatient",
  vi: "Phiếu khảo sát người bệnh ngoại trú",
  en: "Outpatient survey",
  questions: [
    { key: "signage", type: "scale", group: "health-access", vi: "Biển báo, chỉ dẫn đến các khoa, phòng rõ ràng, dễ tìm.", en: "Signs to departments and rooms are clear and easy to follow." },
    { key: "procedures", type: "scale", group: "health-transparency", vi: "Thủ tục đăng ký, khám, thanh toán nhanh gọn; thời gian chờ hợp lý.", en: "Registration, examination and payment are quick; waiting time is reasonable." },
    { key: "facilities", type: "scale", group: "health-facilities", vi: "Khu chờ sạch sẽ, đủ ghế, nhà vệ sinh sạch.", en: "The waiting area is clean with enough seats; toilets are clean." },
    { key: "staff", type: "scale", group: "health-staff", vi: "Nhân viên y tế có thái độ đúng mực, tôn trọng người bệnh.", en: "Health staff behave properly and respect patients." },
    { key: "results", type: "scale", group: "health-results", vi: "Kết quả khám, chữa bệnh đáp ứng nhu cầu.", en: "The examination and treatment met your needs." },
    { key: "overall", type: "scale", overall: true, vi: "Nhìn chung, Ông/Bà hài lòng thế nào với lần khám bệnh này?", en: "Overall, how satisfied are you with this visit?" },
    { key: "expectation", type: "number", min: 0, max: 100, vi: "Cơ sở đáp ứng khoảng bao nhiêu % mong đợi của Ông/Bà?", en: "About what percentage of your expectations did the facility meet?" },
    {
      key: "return", type: "choice", vi: "Nếu có nhu cầu, Ông/Bà có quay lại hoặc giới thiệu cho người khác không?", en: "If needed, would you come back or recommend it to others?",
      options: [
        { value: "definitely_not", vi: "Chắc chắn không", en: "Definitely not" },
        { value: "maybe_not", vi: "Có thể không", en: "Probably not" },
        { value: "unsure", vi: "Chưa chắc chắn", en: "Not sure" },
        { value: "maybe", vi: "Có thể có", en: "Probably yes" },
        { value: "definitely", vi: "Chắc chắn có", en: "Definitely yes" },
      ],
    },
    comment,
  ],
};

export const EDUCATION: SeedQuestionnaire = {
  code: "education",
  vi: "Phiếu khảo sát cha mẹ học sinh, người học",
  en: "Parents and learners survey",
  questions: [
    { key: "information", type: "scale", group: "edu-access", vi: "Thông tin tuyển sinh, thủ tục nhập học rõ ràng, dễ tiếp cận.", en: "Enrolment information and procedures are clear and easy to access." },
    { key: "facilities", type: "scale", group: "edu-facilities", vi: "Phòng học, thiết bị, khu vệ sinh đầy đủ, sạch sẽ.", en: "Classrooms, equipment and toilets are adequate and clean." },
    { key: "environment", type: "scale", group: "edu-environment", vi: "Môi trường học tập an toàn, thân thiện.", en: "The learning environment is safe and friendly." },
    { key: "teaching", type: "scale", group: "edu-teaching", vi: "Hoạt động dạy học và giáo dục đáp ứng mong đợi.", en: "Teaching and activities meet expectations." },
    { key: "results", type: "scale", group: "edu-results", vi: "Kết quả học tập, rèn luyện của học sinh tiến bộ.", en: "Pupils' learning and development are progressing." },
    { key: "overall", type: "scale", overall: true, vi: "Nhìn chung, Ông/Bà hài lòng thế nào với dịch vụ giáo dục của nhà trường?", en: "Overall, how satisfied are you with the school's education services?" },
    comment,
  ],
};

export const QUESTIONNAIRES = [ADMINISTRATIVE, HEALTH, EDUCATION];
