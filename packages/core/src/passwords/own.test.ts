import { describe, expect, it } from '@jest/globals';
import { checkParentPassword, checkStudentPassword } from './own.js';

const emma = { username: 'emma.vandenbroeck', firstName: 'Emma', lastName: 'Van den Broeck' };

describe('checkStudentPassword', () => {
  it.each([
    ['groene-fiets-42', []],
    ['kort', ['too_short']],
    ['x'.repeat(129), ['too_long']],
    ['x'.repeat(128), []],
    ['password123', ['common']],
    ['Password123', ['common']],
    ['EMMA.vandenbroeck!9', ['contains_username']],
    ['emmavandenbroeck', ['contains_username']],
    // the student may use their own first name (only the parent rule forbids it)
    ['emma-zwemt-graag', []],
    ['🦊🦊🦊🦊🦊🦊🦊🦊', []],
  ])('%j -> %j', (p, errors) => {
    expect(checkStudentPassword(p, emma)).toEqual(errors);
  });
});

describe('checkParentPassword', () => {
  it.each([
    ['Zonnebloem#47', []],
    ['ikhouvanemma7', ['contains_name']],
    ['Émma-2024-fiets', ['contains_name']],
    ['broeck-en-co-99', ['contains_name']],
    ['Vandenbroeck88', ['contains_name']],
    // "van" and "den" are particles, not the name
    ['vanille-taart-den', []],
    ['emma.vandenbroeck1', ['contains_username', 'contains_name']],
    ['welkom123', ['common']],
    ['kort', ['too_short']],
  ])('%j -> %j', (p, errors) => {
    expect(checkParentPassword(p, emma)).toEqual(errors);
  });

  it('checks every part of a hyphenated or double first name', () => {
    const ctx = { username: 'jeanpierre.dubois', firstName: 'Jean-Pierre', lastName: 'Dubois' };
    expect(checkParentPassword('papa-van-pierre', ctx)).toEqual(['contains_name']);
    expect(checkParentPassword('jeans-kopen-99', ctx)).toEqual(['contains_name']);
    expect(checkParentPassword('zomer-aan-zee-7', ctx)).toEqual([]);
  });

  it('ignores name pieces shorter than 3 letters, but not the username', () => {
    const ctx = { username: 'li.wu', firstName: 'Li', lastName: 'Wu' };
    expect(checkParentPassword('olijfboom-wuivend', ctx)).toEqual([]);
    expect(checkParentPassword('xx-li.wu-xx', ctx)).toEqual(['contains_username']);
  });

  it('treats surname particles as names when they are first names', () => {
    const ctx = { username: 'ben.ali', firstName: 'Ben', lastName: 'Ben Ali' };
    expect(checkParentPassword('benjamin-2020!', ctx)).toEqual(['contains_name']);
  });
});
