import { describe, expect, it } from 'vitest';
import { matchReason, normalizeReason } from './reasons.js';
import { distanceMiles, zipCentroid } from './zip-centroids.js';

describe('reason for visit', () => {
  it.each([
    ['sore throat', 'sick_visit', 'family_medicine'],
    ['Dolor de garganta', 'sick_visit', 'pediatrics'],
    ['I need my annual physical', 'annual_physical', 'internal_medicine'],
    ['examen físico', 'annual_physical', 'family_medicine'],
    ['knee pain after running', 'specialist_consult', 'orthopedics'],
    ['dolor de rodilla', 'specialist_consult', 'orthopedics'],
    ['ansiedad', 'video_visit', 'behavioral_health'],
  ])('%s → %s', (text, visitType, specialty) => {
    const match = matchReason(text);
    expect(match?.visitTypeCode).toBe(visitType);
    expect(match?.specialties).toContain(specialty);
    expect(match?.emergency).toBeUndefined();
  });

  it('prefers the longest phrase: "knee pain" is orthopedics, not a generic match', () => {
    expect(matchReason('knee pain and a cold')?.specialties).toEqual(['orthopedics']);
  });

  it('recognises emergencies in both languages', () => {
    expect(matchReason('chest pain')?.emergency).toBe(true);
    expect(matchReason('Dolor de pecho')?.emergency).toBe(true);
  });

  it('matches whole words only and returns null for unknown words', () => {
    expect(matchReason('toss')).toBeNull();
    expect(matchReason('blorp')).toBeNull();
    expect(normalizeReason('  Dolor   de GARGANTA! ')).toBe('dolor de garganta');
  });
});

describe('ZIP centroids', () => {
  it('knows the demo areas and measures distance in miles', () => {
    const brooklyn = zipCentroid('11231')!;
    const parkSlope = zipCentroid('11215')!;
    expect(distanceMiles(brooklyn, parkSlope)).toBeGreaterThan(0.5);
    expect(distanceMiles(brooklyn, parkSlope)).toBeLessThan(3);
    // New York to Chicago is about 710 miles.
    expect(distanceMiles(brooklyn, zipCentroid('60611')!)).toBeGreaterThan(680);
    expect(distanceMiles(brooklyn, zipCentroid('60611')!)).toBeLessThan(740);
    expect(zipCentroid('99999')).toBeNull();
  });
});
