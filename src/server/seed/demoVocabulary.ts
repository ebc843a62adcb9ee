import type { CaseType } from '../../shared/domain/enums';

/** Word lists for the synthetic demo bank. Every person and business here is invented. */

export const FIRST_NAMES = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
  'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen',
  'Christopher', 'Lisa', 'Daniel', 'Nancy', 'Matthew', 'Betty', 'Anthony', 'Sandra', 'Mark', 'Margaret',
  'Donald', 'Ashley', 'Steven', 'Kimberly', 'Andrew', 'Emily', 'Paul', 'Donna', 'Joshua', 'Michelle',
  'Kenneth', 'Carol', 'Kevin', 'Amanda', 'Brian', 'Melissa', 'Timothy', 'Deborah', 'Ronald', 'Stephanie',
  'Luis', 'Camila', 'Wei', 'Mei', 'Arjun', 'Ananya', 'Kwame', 'Amara', 'Yusuf', 'Fatima',
  'Diego', 'Valentina', 'Hiroshi', 'Yuki', 'Olga', 'Ivan', 'Chloe', 'Noah', 'Zoe', 'Elijah',
] as const;

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Chen', 'Wang', 'Kumar', 'Singh', 'Okafor', 'Mensah', 'Haddad', 'Kowalski', 'Novak', 'Tanaka',
  'Sato', 'Ivanova', 'Murphy', "O'Connor", 'Fischer', 'Rossi', 'Dubois', 'Silva', 'Costa', 'Bianchi',
] as const;

export const BUSINESS_FIRST_WORDS = [
  'Harbor', 'Summit', 'Blue Ridge', 'Maple', 'Cedar', 'Ironwood', 'Lakeside', 'Northstar', 'Redwood', 'Silverline',
  'Granite', 'Riverbend', 'Brightpath', 'Keystone', 'Pioneer', 'Oakmont', 'Westfield', 'Crescent', 'Evergreen', 'Sterling',
] as const;

export const BUSINESS_SECOND_WORDS = [
  'Logistics', 'Dental Group', 'Bakery', 'Construction', 'Landscaping', 'Auto Repair', 'Consulting', 'Veterinary Clinic',
  'Coffee Roasters', 'Plumbing', 'Design Studio', 'Fitness', 'Hardware', 'Catering', 'Realty', 'Print Shop',
] as const;

export const BUSINESS_SUFFIXES = ['LLC', 'Inc.', 'Co.', 'Ltd.'] as const;

export const CARD_MERCHANTS = [
  'Fresh Market', 'City Grocers', 'Corner Pharmacy', 'QuickFuel', 'Metro Transit', 'Pasta Palace', 'Green Bowl Cafe',
  'StreamFlix', 'Tunebox Music', 'Cloud Storage Plus', 'HomeGoods Depot', 'Book Nook', 'PetPal Supplies', 'Urban Outfitters Co',
  'SkyHigh Airlines', 'Lakeview Hotel', 'RideNow', 'Burger Barn', 'Daily Grind Coffee', 'TechTown Electronics',
  'Sunrise Bakery', 'Ocean Sushi', 'Parkside Parking', 'Global Marketplace', 'FitLife Gym',
] as const;

export const BILLERS = ['City Power & Light', 'Metro Water', 'Northwind Mobile', 'Skyline Internet', 'SafeHome Insurance', 'Auto Insure Direct'] as const;

export const EMPLOYERS = ['Acme Corp', 'Riverside Hospital', 'County Schools', 'Tri-State Logistics', 'BrightTech Inc', 'Harborview Retail'] as const;

/** Case subjects an agent would type, per case type. */
export const CASE_SUBJECTS: Record<CaseType, readonly string[]> = {
  fraud: [
    'Unrecognised card transactions at {merchant}',
    'Customer reports phishing call and shared a one-time code',
    'Suspicious login from a new device followed by a transfer',
    'Card lost; transactions after the loss disputed',
  ],
  account_lock: [
    'Locked out of online banking after password reset',
    'Account locked after too many failed sign-ins',
    'Mobile app sign-in fails after phone change',
  ],
  billing_dispute: [
    'Monthly maintenance fee charged despite minimum balance',
    'Overdraft fee disputed: deposit was pending',
    'Wire transfer fee charged twice',
    'Foreign transaction fee on a domestic purchase',
  ],
  card_dispute: [
    'Charged twice at {merchant}',
    'Item never delivered from {merchant}; wants a chargeback',
    'Cancelled subscription still charged by {merchant}',
    'Refund from {merchant} not received after 14 days',
  ],
  complaint: [
    'Unhappy with hold time and being transferred three times',
    'Complaint about branch staff conduct',
    'Statement delivered late for the second month',
    'Promised callback never happened',
  ],
  regulatory_complaint: [
    'Complaint forwarded by the CFPB portal',
    'Customer cites Regulation E: error not investigated in time',
    'State attorney general referral about fees',
  ],
  aml_investigation: [
    'Structured cash deposits flagged by monitoring',
    'Unusual incoming wires from a new counterparty',
    'Legal hold request received for account records',
  ],
  data_subject_request: [
    'CCPA request for a copy of personal data',
    'Request to delete marketing data and stop profiling',
    'Access request for call recordings',
  ],
  payment_failure: [
    'Payroll direct deposit missing this morning',
    'Bill payment to {biller} failed without notice',
    'Outgoing transfer stuck in pending for three days',
    'Card declined everywhere since this morning',
  ],
  refund_request: [
    'Requests refund of overdraft fee as a courtesy',
    'Requests refund of late fee after autopay failure',
    'Duplicate ATM fee refund requested',
  ],
  general_inquiry: [
    'Question about raising the daily ATM limit',
    'How to set up travel notice',
    'Wants to update mailing address',
    'Asks about savings account interest rates',
  ],
};

export const NOTE_TEXTS = [
  'Verified caller with security questions; explained next steps.',
  'Reviewed last 30 days of transactions with the customer.',
  'Customer will send the receipt through secure messaging.',
  'Checked card status and recent authorisations.',
  'Explained the dispute timeline and provisional credit rules.',
  'Customer prefers a callback in the afternoon.',
] as const;

export const MESSAGE_TEXTS = [
  'We have received your request and are looking into it. Your case reference is {caseId}.',
  'Thank you for contacting us. A specialist is reviewing your case {caseId}.',
  'We need one more document to continue with case {caseId}.',
] as const;

export const RESOLUTIONS = [
  'Fee reversed as a one-time courtesy.',
  'Card replaced and disputed transactions credited.',
  'Access restored after identity verification.',
  'Explained the charge; customer satisfied.',
  'Refund issued to the original account.',
] as const;
