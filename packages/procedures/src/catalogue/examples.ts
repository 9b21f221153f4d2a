import { conformanceCases } from '../conformance/cases';

/*
 * Demo answers for every procedure that has a paper layout: the 尾花 family
 * moving in from さいたま市. Used by tests, benchmarks and the README images.
 */
const applicant = {
  applicantName: '尾花 健一',
  applicantKana: 'おばな けんいち',
  applicantAddress: { postalCode: '9994292', address: '山形県尾花沢市若葉町一丁目1番3号' },
  applicantPhone: '090-1234-5678',
};
const signature = { method: 'handwritten', ref: 'sig-demo' };
const identityDocuments = ['myNumberCard'];
const family = conformanceCases.find((c) => c.name.startsWith('住民異動届: family'))?.answers ?? {};

export const exampleAnswers: Readonly<Record<string, Record<string, unknown>>> = {
  'residence-change': { ...family, newHouseholderKana: 'オバナ ケンイチ', oldHouseholderKana: 'オバナ ケンイチ' },
  'nhi-enrollment': {
    ...applicant, signature, identityDocuments,
    householderIndividualNumber: '123456789018',
    reason: 'leftEmployeeInsurance',
    qualificationDate: '2026-11-21',
    previousInsurer: '全国健康保険協会 埼玉支部',
    members: [
      { name: '尾花 健一', kana: 'オバナ ケンイチ', birthDate: '1985-07-14', sex: 'male', relationship: 'householder', individualNumber: '123456789018' },
      { name: '尾花 美咲', kana: 'オバナ ミサキ', birthDate: '1988-02-03', sex: 'female', relationship: 'wife', individualNumber: '987654321093' },
      { name: '尾花 さくら', kana: 'オバナ サクラ', birthDate: '2018-05-10', sex: 'female', relationship: 'child' },
      { name: '尾花 蒼', kana: 'オバナ アオイ', birthDate: '2023-09-21', sex: 'male', relationship: 'child' },
    ],
  },
  'child-allowance-claim': {
    ...applicant, signature, identityDocuments,
    pensionType: 'employee',
    children: [
      { name: '尾花 さくら', kana: 'オバナ サクラ', birthDate: '2018-05-10', sex: 'female', relationship: 'child', livingTogether: 'together' },
      { name: '尾花 蒼', kana: 'オバナ アオイ', birthDate: '2023-09-21', sex: 'male', relationship: 'child', livingTogether: 'together' },
    ],
    bankName: 'きらやか銀行', bankBranch: '尾花沢支店', accountType: 'ordinary', accountNumber: '0123456', accountHolderKana: 'オバナ ケンイチ',
  },
  'child-medical-eligibility': {
    ...applicant, signature, identityDocuments,
    insurerName: '全国健康保険協会 山形支部',
    children: [
      { name: '尾花 さくら', kana: 'オバナ サクラ', birthDate: '2018-05-10', sex: 'female' },
      { name: '尾花 蒼', kana: 'オバナ アオイ', birthDate: '2023-09-21', sex: 'male' },
    ],
  },
  'seal-registration': {
    signature, identityDocuments,
    registrant: { residentRecordCode: '12345678901', name: '尾花 美咲', kana: 'オバナ ミサキ', birthDate: '1988-02-03', sex: 'female' },
    registrantAddress: { postalCode: '9994292', address: '山形県尾花沢市若葉町一丁目1番3号' },
    registrantPhone: '090-8765-4321',
    verification: 'photoId',
  },
  'school-transfer-in': {
    ...applicant, signature, identityDocuments,
    transferDate: '2026-12-01',
    pupils: [{ name: '尾花 さくら', kana: 'オバナ サクラ', birthDate: '2018-05-10', sex: 'female', previousSchool: 'さいたま市立高砂小学校', assignedSchool: '尾花沢市立尾花沢小学校' }],
  },
  'dog-registration-change': {
    ...applicant, signature, identityDocuments,
    changeKind: 'moveIn', changeDate: '2026-11-25', previousMunicipality: '埼玉県さいたま市',
    dogs: [{ dogName: 'こむぎ', breed: '柴', color: '赤', dogSex: 'female', registrationNumber: 'さいたま第R3-1234', vaccinationNumber: 'R8-5678' }],
  },
};
