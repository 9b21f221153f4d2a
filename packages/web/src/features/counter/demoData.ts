import { addDays, todayInJapan } from '@madoguchi/jp';

/**
 * The demo's family moving in (和田さん一家、さいたま市から): the 転入予約 the national moving service
 * sends after an online 転出届, in the documented madoguchi.move/1 shape. The householder's demo card (「転入予定 和田 健一」 on the
 * demo card reader) carries the same name and birth date. Dates follow today so the demo works any day.
 */
const today = todayInJapan();

export const DEMO_MOVE_IN_RESERVATION = {
  format: 'madoguchi.move/1',
  kind: 'moveInReservation',
  moveOutDate: addDays(today, -7),
  plannedMoveInDate: addDays(today, -2),
  previousAddress: { postalCode: '330-0063', address: '埼玉県さいたま市浦和区高砂三丁目1番1号', building: null },
  newAddress: { postalCode: '999-4221', address: '山形県尾花沢市若葉町一丁目5番8号', building: 'コーポ若葉 201' },
  phone: '090-1234-5678',
  members: [
    { familyName: '和田', givenName: '健一', familyNameKana: 'ワダ', givenNameKana: 'ケンイチ', birthDate: '1986-04-12', sex: '男', relationship: '世帯主', nationalHealthInsurance: true, pensionCategory: '第1号', myNumberCard: true },
    { familyName: '和田', givenName: '美咲', familyNameKana: 'ワダ', givenNameKana: 'ミサキ', birthDate: '1988-09-03', sex: '女', relationship: '妻', nationalHealthInsurance: true, pensionCategory: '第1号', myNumberCard: true },
    { familyName: '和田', givenName: '蒼', familyNameKana: 'ワダ', givenNameKana: 'アオイ', birthDate: '2022-06-21', sex: '男', relationship: '子', nationalHealthInsurance: true, myNumberCard: false },
  ],
};
