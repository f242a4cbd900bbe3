import type { SaleSettings } from './sale';

/** A concert and its sale settings (opening, room size, pause, last date). */
export interface Concert extends SaleSettings {
  readonly concertId: string;
  readonly title: string;
  readonly venue: string;
}

/** A block of seats sold at one price: seats `firstSeatNo`..`lastSeatNo` of every date of the concert. */
export interface SeatGrade {
  readonly grade: string;
  /** Integer won per seat. */
  readonly price: number;
  readonly firstSeatNo: number;
  readonly lastSeatNo: number;
}

export interface ConcertDate {
  readonly concertId: string;
  readonly date: string;
  /** Integer won: the lowest grade's price. */
  readonly price: number;
  readonly totalSeats: number;
  /** Ascending by seat number; together they cover seats 1..totalSeats exactly once. */
  readonly grades: readonly SeatGrade[];
}

export const concertLimits = { maxSeatsPerDate: 1000, maxPrice: 100_000_000, maxGrades: 20 } as const;

/** The grade of a concert created with one price for every seat. */
export const standardGrade = 'STANDARD';

/** Grade names: short upper-case words, as ticket sites print them (VIP, R, S, A, STANDING_A). */
const gradeNamePattern = /^[A-Z0-9][A-Z0-9_-]{0,19}$/;

export const singleGrade = (price: number, totalSeats: number): SeatGrade[] => [
  { grade: standardGrade, price, firstSeatNo: 1, lastSeatNo: totalSeats },
];

/**
 * The rule a list of grades breaks, or undefined: 1..maxGrades distinct names, whole-won prices within bounds,
 * seat ranges that start at 1 and follow each other without gap or overlap, at most maxSeatsPerDate seats.
 */
export const gradesRule = (grades: readonly SeatGrade[]): string | undefined => {
  if (grades.length === 0 || grades.length > concertLimits.maxGrades) return `grades must list 1 to ${concertLimits.maxGrades} grades`;
  const sorted = [...grades].sort((a, b) => a.firstSeatNo - b.firstSeatNo);
  let next = 1;
  for (const grade of sorted) {
    if (!gradeNamePattern.test(grade.grade)) return `grade "${grade.grade}" must be 1-20 characters of A-Z 0-9 _ - (upper case)`;
    if (!Number.isInteger(grade.price) || grade.price < 0 || grade.price > concertLimits.maxPrice) {
      return `the price of grade ${grade.grade} must be an integer number of won from 0 to ${concertLimits.maxPrice}`;
    }
    if (grade.firstSeatNo !== next || !Number.isInteger(grade.lastSeatNo) || grade.lastSeatNo < grade.firstSeatNo) {
      return `seat ranges must run from seat 1 without gaps or overlaps (grade ${grade.grade} starts at ${grade.firstSeatNo}, expected ${next})`;
    }
    next = grade.lastSeatNo + 1;
  }
  if (new Set(grades.map((grade) => grade.grade)).size !== grades.length) return 'grade names must be distinct';
  if (next - 1 > concertLimits.maxSeatsPerDate) return `grades may cover at most ${concertLimits.maxSeatsPerDate} seats`;
  return undefined;
};

/** The grade a seat belongs to (grades satisfy gradesRule). */
export const gradeOfSeat = (grades: readonly SeatGrade[], seatNo: number): SeatGrade | undefined =>
  grades.find((grade) => seatNo >= grade.firstSeatNo && seatNo <= grade.lastSeatNo);

export const lowestPrice = (grades: readonly SeatGrade[]): number => Math.min(...grades.map((grade) => grade.price));
