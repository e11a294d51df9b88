export default {
  settings: {
    tabs: {
      catalogue: 'Services and neighbourhoods',
      general: 'General',
      queue: 'Queue',
      backup: 'Backup',
    },
    title: 'Settings',
    saved: 'Saved.',
    readOnlyNote: 'Another role manages this section; you can only view it.',
    sections: {
      center: 'Center',
      targets: 'Targets and periods',
      neighbourhoods: 'Neighbourhoods',
      security: 'Security',
      desk: 'Desk and devices',
      updates: 'Updates',
    },
    fields: {
      center_name: 'Center name',
      center_ward: 'Ward',
      targets_smartphoneUsers: 'Smartphone users in the ward',
      targets_officials: 'Number of officials (CBCC, VC)',
      targets_citizenGoal: 'Citizen digital-signature goal',
      security_idleMinutes: 'Lock the screen after (minutes)',
      desk_number: 'Desk number',
      scanner_serialPort: 'QR scanner COM port (e.g. COM3; empty = keyboard-mode scanner)',
      updates_serverUrl: 'Update server address',
    },
    notSet: 'Not set',
  },
} as const;
