// Approximate centroids of a few ZIP codes around the demo locations (Sacramento, Brooklyn,
// Chicago, Phoenix), rounded to about 100 m. A small embedded table so "near 11215" works with no
// geocoding service; an organization elsewhere adds its own area's ZIP codes here or sends the
// phone's coordinates instead.
export interface Coordinates {
  readonly latitude: number;
  readonly longitude: number;
}

const CENTROIDS: Readonly<Record<string, readonly [number, number]>> = {
  // Sacramento, CA
  '95811': [38.586, -121.487],
  '95814': [38.58, -121.494],
  '95816': [38.573, -121.467],
  '95818': [38.557, -121.493],
  '95819': [38.569, -121.438],
  '95822': [38.512, -121.494],
  // Brooklyn and Manhattan, NY
  '10001': [40.751, -73.997],
  '11201': [40.694, -73.99],
  '11211': [40.713, -73.954],
  '11215': [40.663, -73.986],
  '11217': [40.682, -73.979],
  '11231': [40.68, -74.002],
  // Chicago, IL
  '60601': [41.886, -87.618],
  '60611': [41.895, -87.621],
  '60614': [41.923, -87.649],
  '60616': [41.846, -87.625],
  '60657': [41.94, -87.654],
  // Phoenix and Scottsdale, AZ
  '85004': [33.451, -112.069],
  '85008': [33.467, -112.0],
  '85016': [33.509, -112.031],
  '85018': [33.498, -111.985],
  '85251': [33.493, -111.921],
};

export const knownZips = (): string[] => Object.keys(CENTROIDS);

export function zipCentroid(zip: string): Coordinates | null {
  const found = CENTROIDS[zip.slice(0, 5)];
  return found ? { latitude: found[0], longitude: found[1] } : null;
}

const EARTH_RADIUS_MILES = 3958.8;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in miles (haversine). */
export function distanceMiles(a: Coordinates, b: Coordinates): number {
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}
