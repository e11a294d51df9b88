export default {
  settings: {
    tabs: {
      catalogue: 'Danh mục dịch vụ, tổ dân phố',
      general: 'Chung',
      queue: 'Hàng chờ',
      backup: 'Sao lưu',
    },
    title: 'Cài đặt',
    saved: 'Đã lưu.',
    readOnlyNote: 'Mục này do vai trò khác quản lý; bạn chỉ xem.',
    sections: {
      center: 'Trung tâm',
      targets: 'Chỉ tiêu và giai đoạn',
      neighbourhoods: 'Tổ dân phố / thôn / buôn',
      security: 'Bảo mật',
      desk: 'Quầy và thiết bị',
      updates: 'Cập nhật',
    },
    fields: {
      center_name: 'Tên trung tâm',
      center_ward: 'Phường',
      targets_smartphoneUsers: 'Số người dùng điện thoại thông minh',
      targets_officials: 'Số cán bộ, công chức, viên chức',
      targets_citizenGoal: 'Chỉ tiêu người dân đăng ký chữ ký số',
      security_idleMinutes: 'Tự khóa màn hình sau (phút)',
      desk_number: 'Số quầy',
      scanner_serialPort: 'Cổng COM của máy quét QR (ví dụ COM3; để trống nếu máy quét dạng bàn phím)',
      updates_serverUrl: 'Địa chỉ máy chủ cập nhật',
    },
    notSet: 'Chưa đặt',
  },
} as const;
