import type { HouseholdFactsInput } from './schema';

/**
 * Demo households used by tests, benchmarks and the guide-sheet example.
 * The 尾花 family moves in from さいたま市 with a second-grader and a toddler.
 */
export const familyMovingIn: HouseholdFactsInput = {
  previousMunicipality: { name: 'さいたま市', prefecture: '埼玉県' },
  dogs: 1,
  members: [
    { id: 'p1', name: '尾花 健一', birthDate: '1985-07-14', sex: 'male', relationship: 'householder', moving: true, healthInsurance: 'employee', pensionCategory: 'second', hasMyNumberCard: true },
    { id: 'p2', name: '尾花 美咲', birthDate: '1988-02-03', sex: 'female', relationship: 'wife', moving: true, healthInsurance: 'employee', pensionCategory: 'third', hasMyNumberCard: true, sealRegistered: true },
    { id: 'p3', name: '尾花 さくら', birthDate: '2018-05-10', sex: 'female', relationship: 'child', moving: true, healthInsurance: 'employee' },
    { id: 'p4', name: '尾花 蒼', birthDate: '2023-09-21', sex: 'male', relationship: 'child', moving: true, healthInsurance: 'employee' },
  ],
};

/** Six people across three generations, for the navigator benchmark. */
export const sixPersonHousehold: HouseholdFactsInput = {
  previousMunicipality: { name: '仙台市', prefecture: '宮城県' },
  dogs: 2,
  mopeds: 1,
  members: [
    { id: 'g1', name: '雪国 太郎', birthDate: '1948-03-02', sex: 'male', relationship: 'father', moving: true, healthInsurance: 'lateElderly', pensionCategory: 'receiving', careCertification: true, hasMyNumberCard: true },
    { id: 'g2', name: '雪国 花江', birthDate: '1955-10-30', sex: 'female', relationship: 'mother', moving: true, healthInsurance: 'national', pensionCategory: 'receiving', disabilityCertificate: true },
    { id: 'h1', name: '雪国 一郎', birthDate: '1980-06-01', sex: 'male', relationship: 'householder', moving: true, healthInsurance: 'national', pensionCategory: 'first', hasMyNumberCard: true, sealRegistered: true },
    { id: 'h2', name: '雪国 由美', birthDate: '1983-12-24', sex: 'female', relationship: 'wife', moving: true, healthInsurance: 'national', pensionCategory: 'first', pregnant: true, hasMyNumberCard: true },
    { id: 'c1', name: '雪国 陽翔', birthDate: '2012-08-08', sex: 'male', relationship: 'child', moving: true, healthInsurance: 'national' },
    { id: 'c2', name: '雪国 結衣', birthDate: '2016-01-15', sex: 'female', relationship: 'child', moving: true, healthInsurance: 'national' },
  ],
};
