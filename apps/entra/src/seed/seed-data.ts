/**
 * Vocabulary of seeded tenants: offices (with the names people there tend to have), departments with their
 * titles, and group themes. Kept in the repository rather than drawn from a faker library so that a seed
 * gives the same tenant for every version of provsim's dependencies.
 */

export interface NamePool {
  first: readonly string[];
  last: readonly string[];
}

export interface Office {
  city: string;
  state: string | null;
  country: string;
  /** ISO 3166 alpha-2, for usage in phone-number formats and group nicknames. */
  countryCode: string;
  preferredLanguage: string;
  streets: readonly string[];
  postalCodes: readonly string[];
  phonePrefix: string;
  names: NamePool;
  /** Relative share of the workforce. */
  weight: number;
}

const ANGLO: NamePool = {
  first: [
    'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William',
    'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Daniel', 'Lisa',
    'Matthew', 'Nancy', 'Anthony', 'Sandra', 'Mark', 'Ashley', 'Steven', 'Emily', 'Andrew', 'Michelle', 'Joshua',
    'Amanda', 'Kevin', 'Melissa', 'Brian', 'Stephanie', 'Ryan', 'Rebecca', 'Jacob', 'Laura', 'Tyler', 'Hannah',
    'Olivia', 'Liam', 'Sophia', 'Noah', 'Ava', 'Ethan', 'Chloe', 'Mason', 'Grace', 'Lucas', 'Zoe', 'Aaliyah',
    'Carlos', 'Maria', 'Jamal', 'Priya', 'Wei', 'Fatima', 'Diego', 'Aisha', 'Mateo', 'Camila',
  ],
  last: [
    'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
    'Hernandez', 'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez',
    'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen',
    'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall',
    'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Patel', 'Kim', 'Chen', 'Murphy', "O'Brien", 'Cooper',
    'Reed', 'Bailey', 'Bell', 'Gomez', 'Kelly', 'Howard', 'Ward', 'Cox', 'Diaz', 'Richardson', 'Wood', 'Brooks',
  ],
};

const BRITISH: NamePool = {
  first: [
    'Oliver', 'Amelia', 'George', 'Isla', 'Harry', 'Ava', 'Jack', 'Emily', 'Charlie', 'Poppy', 'Thomas', 'Jessica',
    'Oscar', 'Sophie', 'Alfie', 'Evie', 'Freddie', 'Ruby', 'Archie', 'Lily', 'Henry', 'Florence', 'Edward', 'Imogen',
    'Callum', 'Eleanor', 'Rhys', 'Niamh', 'Ewan', 'Siobhan', 'Arjun', 'Aisha', 'Kwame', 'Zara', 'Hamish', 'Fiona',
  ],
  last: [
    'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright',
    'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Hughes',
    'Edwards', 'Turner', 'Hill', 'Cooper', 'Ward', 'Morris', 'Moore', 'Clark', 'Harrison', 'Khan', 'Ali', 'Singh',
    'MacDonald', 'Campbell', 'Stewart', 'Murray', 'Fletcher', 'Barker', 'Fox', 'Holmes', 'Lloyd', 'Owen',
  ],
};

const GERMAN: NamePool = {
  first: [
    'Lukas', 'Anna', 'Leon', 'Lea', 'Finn', 'Hannah', 'Jonas', 'Lena', 'Paul', 'Marie', 'Felix', 'Sophie', 'Maximilian',
    'Laura', 'Tim', 'Julia', 'Jan', 'Katharina', 'Niklas', 'Johanna', 'Stefan', 'Sabine', 'Jürgen', 'Petra', 'Uwe',
    'Ursula', 'Matthias', 'Claudia', 'Tobias', 'Anja', 'Sebastian', 'Jörg', 'Björn', 'Mehmet', 'Ayşe', 'Elif',
  ],
  last: [
    'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
    'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann',
    'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Schmitt', 'Werner', 'Krause', 'Meier', 'Lehmann',
    'Schmid', 'Schulze', 'Maier', 'Köhler', 'Herrmann', 'König', 'Walter', 'Yılmaz', 'Kaya', 'Huber',
  ],
};

const FRENCH: NamePool = {
  first: [
    'Gabriel', 'Louise', 'Raphaël', 'Emma', 'Léo', 'Jade', 'Louis', 'Alice', 'Lucas', 'Chloé', 'Hugo', 'Léa',
    'Arthur', 'Manon', 'Jules', 'Camille', 'Adam', 'Inès', 'Nathan', 'Zoé', 'Thomas', 'Juliette', 'Antoine',
    'Mathilde', 'Nicolas', 'Céline', 'Julien', 'Élodie', 'François', 'Amélie', 'Karim', 'Yasmine', 'Mamadou', 'Awa',
  ],
  last: [
    'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon',
    'Laurent', 'Lefèbvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel',
    'Girard', 'André', 'Lefèvre', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez', 'Legrand',
    'Garnier', 'Faure', 'Rousseau', 'Blanc', 'Guérin', 'Muller', 'Henry', 'Roussel', 'Benali', 'Diallo',
  ],
};

const JAPANESE: NamePool = {
  first: [
    'Haruto', 'Yui', 'Sota', 'Aoi', 'Yuto', 'Hina', 'Riku', 'Sakura', 'Hinata', 'Yuna', 'Kaito', 'Mei', 'Takumi',
    'Rin', 'Ren', 'Saki', 'Daiki', 'Miyu', 'Kenta', 'Nanami', 'Shota', 'Ayaka', 'Takeshi', 'Yoko', 'Hiroshi',
    'Keiko', 'Akira', 'Naomi', 'Satoshi', 'Emi', 'Kazuki', 'Misaki', 'Ryo', 'Asuka', 'Kenji', 'Tomoko',
  ],
  last: [
    'Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Kato',
    'Yoshida', 'Yamada', 'Sasaki', 'Yamaguchi', 'Matsumoto', 'Inoue', 'Kimura', 'Hayashi', 'Shimizu', 'Yamazaki',
    'Mori', 'Abe', 'Ikeda', 'Hashimoto', 'Yamashita', 'Ishikawa', 'Nakajima', 'Maeda', 'Fujita', 'Ogawa', 'Goto',
    'Okada', 'Hasegawa', 'Murakami', 'Kondo', 'Ishii', 'Saito', 'Sakamoto', 'Endo', 'Aoki', 'Fujii', 'Nishimura',
  ],
};

const INDIAN: NamePool = {
  first: [
    'Aarav', 'Ananya', 'Vivaan', 'Diya', 'Aditya', 'Isha', 'Arjun', 'Saanvi', 'Sai', 'Aadhya', 'Reyansh', 'Kavya',
    'Krishna', 'Priya', 'Ishaan', 'Meera', 'Rohan', 'Neha', 'Vikram', 'Pooja', 'Rahul', 'Sneha', 'Karthik',
    'Lakshmi', 'Suresh', 'Deepa', 'Anil', 'Sunita', 'Rajesh', 'Divya', 'Imran', 'Farah', 'Harpreet', 'Gurpreet',
  ],
  last: [
    'Sharma', 'Verma', 'Gupta', 'Kumar', 'Singh', 'Patel', 'Reddy', 'Rao', 'Iyer', 'Nair', 'Menon', 'Pillai',
    'Joshi', 'Mehta', 'Shah', 'Desai', 'Kulkarni', 'Bhat', 'Hegde', 'Shetty', 'Chatterjee', 'Banerjee',
    'Mukherjee', 'Das', 'Bose', 'Sen', 'Agarwal', 'Malhotra', 'Kapoor', 'Chopra', 'Khan', 'Qureshi', 'Gill',
    'Krishnan', 'Subramanian', 'Naidu', 'Srinivasan', 'Venkatesh',
  ],
};

const BRAZILIAN: NamePool = {
  first: [
    'Miguel', 'Helena', 'Arthur', 'Alice', 'Heitor', 'Laura', 'Bernardo', 'Manuela', 'Davi', 'Valentina',
    'Théo', 'Sophia', 'Lorenzo', 'Isabella', 'Gabriel', 'Heloísa', 'Pedro', 'Luísa', 'Benjamin', 'Júlia',
    'João', 'Beatriz', 'Rafael', 'Mariana', 'Thiago', 'Fernanda', 'Lucas', 'Camila', 'Gustavo', 'Larissa',
  ],
  last: [
    'Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes',
    'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Almeida', 'Lopes', 'Soares', 'Fernandes', 'Vieira', 'Barbosa',
    'Rocha', 'Dias', 'Nascimento', 'Andrade', 'Moreira', 'Nunes', 'Marques', 'Machado', 'Mendes', 'Freitas',
    'Cardoso', 'Ramos', 'Gonçalves', 'Araújo', 'Teixeira',
  ],
};

export const OFFICES: readonly Office[] = [
  {
    city: 'Seattle', state: 'WA', country: 'United States', countryCode: 'US', preferredLanguage: 'en-US',
    streets: ['1 Microsoft Way', '400 Pine Street', '1201 3rd Avenue', '500 Union Street'], postalCodes: ['98101', '98104', '98052'],
    phonePrefix: '+1 206 555 ', names: ANGLO, weight: 20,
  },
  {
    city: 'New York', state: 'NY', country: 'United States', countryCode: 'US', preferredLanguage: 'en-US',
    streets: ['11 Times Square', '250 Park Avenue', '85 Broad Street'], postalCodes: ['10036', '10017', '10004'],
    phonePrefix: '+1 212 555 ', names: ANGLO, weight: 14,
  },
  {
    city: 'Austin', state: 'TX', country: 'United States', countryCode: 'US', preferredLanguage: 'en-US',
    streets: ['500 W 2nd Street', '300 Congress Avenue'], postalCodes: ['78701', '78704'],
    phonePrefix: '+1 512 555 ', names: ANGLO, weight: 8,
  },
  {
    city: 'Toronto', state: 'ON', country: 'Canada', countryCode: 'CA', preferredLanguage: 'en-CA',
    streets: ['81 Bay Street', '100 King Street West'], postalCodes: ['M5J 0E7', 'M5X 1A9'],
    phonePrefix: '+1 416 555 ', names: ANGLO, weight: 5,
  },
  {
    city: 'London', state: null, country: 'United Kingdom', countryCode: 'GB', preferredLanguage: 'en-GB',
    streets: ['2 Kingdom Street', '30 St Mary Axe', '1 Canada Square'], postalCodes: ['W2 6BD', 'EC3A 8BF', 'E14 5AB'],
    phonePrefix: '+44 20 7946 ', names: BRITISH, weight: 10,
  },
  {
    city: 'Berlin', state: 'BE', country: 'Germany', countryCode: 'DE', preferredLanguage: 'de-DE',
    streets: ['Unter den Linden 17', 'Friedrichstraße 68'], postalCodes: ['10117', '10969'],
    phonePrefix: '+49 30 555 ', names: GERMAN, weight: 6,
  },
  {
    city: 'München', state: 'BY', country: 'Germany', countryCode: 'DE', preferredLanguage: 'de-DE',
    streets: ['Walter-Gropius-Straße 5', 'Leopoldstraße 244'], postalCodes: ['80807', '80331'],
    phonePrefix: '+49 89 555 ', names: GERMAN, weight: 4,
  },
  {
    city: 'Paris', state: null, country: 'France', countryCode: 'FR', preferredLanguage: 'fr-FR',
    streets: ['39 Quai du Président Roosevelt', '8 Rue de Londres'], postalCodes: ['92130', '75009'],
    phonePrefix: '+33 1 55 ', names: FRENCH, weight: 6,
  },
  {
    city: 'Tokyo', state: null, country: 'Japan', countryCode: 'JP', preferredLanguage: 'ja-JP',
    streets: ['2-16-3 Konan, Minato-ku', '1-1-2 Otemachi, Chiyoda-ku'], postalCodes: ['108-0075', '100-0004'],
    phonePrefix: '+81 3 5555 ', names: JAPANESE, weight: 8,
  },
  {
    city: 'Osaka', state: null, country: 'Japan', countryCode: 'JP', preferredLanguage: 'ja-JP',
    streets: ['3-3-3 Umeda, Kita-ku'], postalCodes: ['530-0001'],
    phonePrefix: '+81 6 5555 ', names: JAPANESE, weight: 3,
  },
  {
    city: 'Bengaluru', state: 'KA', country: 'India', countryCode: 'IN', preferredLanguage: 'en-IN',
    streets: ['Embassy Golf Links, Domlur', 'Prestige Tech Park, Outer Ring Road'], postalCodes: ['560071', '560103'],
    phonePrefix: '+91 80 5555 ', names: INDIAN, weight: 10,
  },
  {
    city: 'São Paulo', state: 'SP', country: 'Brazil', countryCode: 'BR', preferredLanguage: 'pt-BR',
    streets: ['Avenida Paulista 1000', 'Rua Funchal 418'], postalCodes: ['01310-100', '04551-060'],
    phonePrefix: '+55 11 5555 ', names: BRAZILIAN, weight: 6,
  },
];

export interface Department {
  name: string;
  /** Short form for nicknames. */
  slug: string;
  head: string;
  manager: string;
  roles: readonly string[];
  weight: number;
}

export const DEPARTMENTS: readonly Department[] = [
  {
    name: 'Engineering', slug: 'engineering', head: 'VP of Engineering', manager: 'Engineering Manager', weight: 24,
    roles: ['Software Engineer', 'Senior Software Engineer', 'Principal Engineer', 'QA Engineer', 'Site Reliability Engineer', 'DevOps Engineer'],
  },
  {
    name: 'Sales', slug: 'sales', head: 'VP of Sales', manager: 'Sales Manager', weight: 16,
    roles: ['Account Executive', 'Sales Development Representative', 'Solutions Consultant', 'Key Account Manager'],
  },
  {
    name: 'Marketing', slug: 'marketing', head: 'Chief Marketing Officer', manager: 'Marketing Manager', weight: 7,
    roles: ['Marketing Specialist', 'Content Strategist', 'Product Marketing Manager', 'Brand Designer', 'SEO Analyst'],
  },
  {
    name: 'Customer Support', slug: 'support', head: 'VP of Customer Experience', manager: 'Support Team Lead', weight: 12,
    roles: ['Support Specialist', 'Technical Support Engineer', 'Customer Success Manager'],
  },
  {
    name: 'Finance', slug: 'finance', head: 'Chief Financial Officer', manager: 'Finance Manager', weight: 5,
    roles: ['Accountant', 'Financial Analyst', 'Controller', 'Accounts Payable Specialist'],
  },
  {
    name: 'Human Resources', slug: 'hr', head: 'Chief People Officer', manager: 'HR Manager', weight: 4,
    roles: ['HR Business Partner', 'Recruiter', 'Payroll Specialist', 'Learning & Development Specialist'],
  },
  {
    name: 'IT', slug: 'it', head: 'Chief Information Officer', manager: 'IT Manager', weight: 5,
    roles: ['Systems Administrator', 'Identity Engineer', 'Service Desk Analyst', 'Network Engineer', 'Security Analyst'],
  },
  {
    name: 'Operations', slug: 'operations', head: 'Chief Operating Officer', manager: 'Operations Manager', weight: 8,
    roles: ['Operations Analyst', 'Logistics Coordinator', 'Facilities Coordinator', 'Program Manager'],
  },
  {
    name: 'Product Management', slug: 'product', head: 'Chief Product Officer', manager: 'Group Product Manager', weight: 6,
    roles: ['Product Manager', 'Senior Product Manager', 'UX Designer', 'UX Researcher'],
  },
  {
    name: 'Legal', slug: 'legal', head: 'General Counsel', manager: 'Legal Manager', weight: 2,
    roles: ['Corporate Counsel', 'Paralegal', 'Compliance Officer', 'Privacy Analyst'],
  },
  {
    name: 'Research', slug: 'research', head: 'VP of Research', manager: 'Research Manager', weight: 4,
    roles: ['Research Scientist', 'Data Scientist', 'Applied Scientist', 'Research Engineer'],
  },
  {
    name: 'Procurement', slug: 'procurement', head: 'Head of Procurement', manager: 'Procurement Manager', weight: 2,
    roles: ['Buyer', 'Vendor Manager', 'Procurement Analyst'],
  },
];

export const EXECUTIVE_DEPARTMENT = 'Executive Office';
export const CEO_TITLE = 'Chief Executive Officer';

/** Themes of project and interest groups ("Project Aurora", "Guild - Kubernetes", "DL - Announcements"). */
export const PROJECT_NAMES: readonly string[] = [
  'Aurora', 'Borealis', 'Cascade', 'Delta', 'Everest', 'Falcon', 'Gemini', 'Horizon', 'Ion', 'Juniper', 'Kestrel',
  'Lumen', 'Meridian', 'Nimbus', 'Orion', 'Phoenix', 'Quasar', 'Redwood', 'Sequoia', 'Tundra', 'Umbra', 'Vega',
  'Willow', 'Xenon', 'Yukon', 'Zephyr', 'Atlas', 'Beacon', 'Cobalt', 'Dynamo', 'Ember', 'Fjord', 'Granite',
  'Halcyon', 'Indigo', 'Jasper', 'Keystone', 'Lighthouse', 'Mosaic', 'Nova', 'Onyx', 'Polaris', 'Quartz', 'Raven',
  'Summit', 'Titan', 'Unity', 'Vanguard', 'Wavelength', 'Zenith',
];

export const GUILD_TOPICS: readonly string[] = [
  'Kubernetes', 'Accessibility', 'Security Champions', 'Data Platform', 'Design Systems', 'Cloud Cost', 'Mentoring',
  'Women in Tech', 'Green Office', 'Running Club', 'Book Club', 'Innovation Lab', 'Incident Response', 'API Review',
  'Architecture Board', 'Onboarding Buddies', 'Hackathon', 'Observability', 'Localization', 'Customer Advisory',
];

export const DISTRIBUTION_TOPICS: readonly string[] = [
  'Announcements', 'Newsletter', 'Events', 'Social', 'Travel', 'Office News', 'Benefits', 'Town Hall', 'Release Notes',
  'Partners', 'Press', 'Holidays',
];
