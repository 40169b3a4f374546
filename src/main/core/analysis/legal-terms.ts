/**
 * Legal concepts and how contracts and company rules word them, in English and Japanese: the
 * table behind term expansion (a question about 準拠法 also looks for "governed by … laws of",
 * and "Is there a cap on liability?" for 損害賠償の上限 and "in no event shall … exceed").
 *
 * - `names`: how a question or a heading names the topic ("governing law", 準拠法).
 * - `cues`: how a clause says it ("governed by the laws of", 準拠する). A cue found in a passage
 *   is evidence that the provision is there.
 * - `weak`: wording that often comes with the topic but also elsewhere; it helps ranking, and
 *   alone it is not enough to call a provision found.
 * Expressions are matched on analysed terms (English stems, Japanese base forms), so inflections
 * meet; `…` allows a gap of a few words ("in no event … exceed"). Written from common contract
 * and 就業規則 drafting, covering CUAD's 41 categories; not from any one document.
 */
export interface LegalConcept {
  id: string;
  /** The topic in English, for reasons shown to the reviewer. */
  label: string;
  names: string[];
  cues: string[];
  weak?: string[];
  /** Where such a provision usually sits: 'preamble' for names, parties and dates at the top. */
  place?: 'preamble';
  /** Broader concepts this one narrows: a question about both is about this one. */
  narrows?: string[];
}

export const LEGAL_CONCEPTS: LegalConcept[] = [
  // ---- What the document is, who and when ------------------------------------------------
  {
    id: 'document-name', label: 'document name', place: 'preamble',
    names: ['document name', 'name of the contract', 'title of the agreement', '契約書の名称', '表題', '標題'],
    cues: ['agreement', 'this agreement', '契約書'],
  },
  {
    id: 'parties', label: 'parties', place: 'preamble',
    names: ['contracting parties', 'parties who signed', 'signed the contract', 'parties to this agreement', '当事者', '契約当事者'],
    cues: ['by and between', 'between … and', 'hereinafter referred to as', 'hereinafter', '以下「甲」', '以下「乙」', '甲', '乙'],
  },
  {
    id: 'agreement-date', label: 'agreement date', place: 'preamble', narrows: ['document-name'],
    names: ['agreement date', 'date of the contract', 'date of this agreement', '契約日', '締結日'],
    cues: ['entered into on', 'dated as of', 'made and entered into', 'dated', '締結する', '年 月 日'],
  },
  {
    id: 'effective-date', label: 'effective date', narrows: ['agreement-date'],
    names: ['effective date', 'commencement date', 'date when the contract is effective', '効力発生日', '発効日', '効力'],
    cues: ['take effect', 'shall be effective', 'effective as of', 'effective on', 'come into force', 'commence on', '効力を生じる', '効力を有する', '発効'],
  },
  {
    id: 'expiration', label: 'term and expiry',
    names: ['expiration date', 'initial term', 'term expire', 'term of the agreement', 'duration of the agreement', '有効期間', '契約期間', '存続期間'],
    cues: ['shall terminate when', 'shall expire', 'remain in force until', 'remain in effect until', 'period of', 'term of this agreement', 'until terminated', '有効期間は', '期間満了', '満了する'],
  },
  {
    id: 'renewal', label: 'renewal term', narrows: ['expiration'],
    names: ['renewal term', 'automatic renewal', 'automatic extension', '自動更新', '契約の更新', '更新'],
    cues: ['automatically renew', 'automatically extend', 'renewal term', 'successive … period', 'renewed for', 'auto-renew', 'unless either party gives notice of non-renewal', '自動的に更新', '同一条件で更新', '更新される'],
  },
  {
    id: 'notice-to-terminate-renewal', label: 'notice to stop renewal', narrows: ['renewal', 'notices', 'expiration'],
    names: ['notice to terminate renewal', 'notice period required to terminate renewal', 'non-renewal', '更新拒絶', '更新しない旨'],
    cues: ['notice of non-renewal', 'written notice of its intention not to renew', 'not to renew', 'prior to the expiration', '更新しない旨を', '期間満了の … 前までに'],
  },
  // ---- Law, disputes ------------------------------------------------------------------------
  {
    id: 'governing-law', label: 'governing law',
    names: ['governing law', 'choice of law', 'applicable law', "law governs", 'state country law', '準拠法'],
    cues: ['governed by the laws of', 'governed by … laws', 'construed in accordance with the laws', 'laws of the state of', 'governed and construed', 'without regard to conflict of law', '準拠する', '準拠法とする', '日本法', '日本国の法律'],
    weak: ['laws of', 'governed by'],
  },
  {
    id: 'jurisdiction', label: 'jurisdiction and venue',
    names: ['jurisdiction', 'venue', 'forum', 'competent court', '管轄', '合意管轄', '専属的合意管轄', '管轄裁判所'],
    cues: ['exclusive jurisdiction', 'submit to the jurisdiction', 'courts of', 'venue shall be', '専属的合意管轄裁判所', '第一審の … 管轄裁判所', '地方裁判所'],
  },
  {
    id: 'dispute-resolution', label: 'dispute resolution',
    names: ['dispute resolution', 'arbitration', 'mediation', '紛争解決', '仲裁', '協議'],
    cues: ['arbitration', 'arbitrator', 'settle … dispute', 'mediation', '誠実に協議', '仲裁'],
  },
  // ---- Competition and exclusivity ----------------------------------------------------------
  {
    id: 'most-favored-nation', label: 'most favoured terms',
    names: ['most favored nation', 'most favoured nation', 'better terms', 'mfn', '最恵待遇'],
    cues: ['most favored', 'most favoured', 'no less favorable', 'no less favourable', 'more favorable terms', 'better terms', '最恵待遇', 'より有利な条件'],
  },
  {
    id: 'non-compete', label: 'non-compete',
    names: ['non-compete', 'noncompete', 'restriction … compete', 'covenant not to compete', '競業避止', '競業禁止', '競業'],
    cues: ['shall not compete', 'not … engage in any business that competes', 'competing business', 'competitive business', 'directly or indirectly compete', 'non-compete', '競業避止', '競合する事業', '同種の事業', '競業'],
  },
  {
    id: 'exclusivity', label: 'exclusivity',
    names: ['exclusivity', 'exclusive dealing', '独占', '専属', '独占的'],
    cues: ['exclusive supplier', 'exclusive distributor', 'exclusive provider', 'exclusive dealing', 'exclusively from', 'sole and exclusive supplier', 'requirements contract', 'shall not purchase … from any third party', '独占的に', '独占的な', '専属的に', '他の第三者から購入しない'],
  },
  {
    id: 'no-solicit-customers', label: 'no solicitation of customers',
    names: ['no-solicit of customers', 'soliciting customers', 'solicit customers', '顧客の勧誘', '顧客の引抜き'],
    cues: ['solicit … customers', 'solicit … clients', 'solicitation of customers', 'divert … customers', '顧客を勧誘', '顧客に対し … 勧誘', '顧客を奪う'],
  },
  {
    id: 'competitive-restriction-exception', label: 'exceptions to competitive restrictions', narrows: ['non-compete', 'no-solicit-customers', 'exclusivity'],
    names: ['competitive restriction exception', 'carveouts to non-compete', 'exceptions … non-compete', '競業避止の例外'],
    cues: ['notwithstanding … shall not restrict', 'shall not prevent … from', 'nothing … shall restrict', 'carve-out', '競業避止 … 適用しない', 'この限りでない'],
  },
  {
    id: 'no-solicit-employees', label: 'no solicitation of employees',
    names: ['no-solicit of employees', 'soliciting or hiring employees', 'non-solicitation', 'hire employees', '従業員の引抜き', '引抜き禁止'],
    cues: ['solicit … employ', 'hire … employees of', 'recruit … employees', 'induce … to leave', 'non-solicitation', '引抜き', '雇用の勧誘', '引き抜'],
  },
  {
    id: 'non-disparagement', label: 'non-disparagement',
    names: ['non-disparagement', 'disparage', '誹謗中傷', '信用毀損'],
    cues: ['disparage', 'disparaging', 'derogatory', 'defamatory', '誹謗', '中傷', '信用を毀損', '名誉を毀損'],
  },
  {
    id: 'right-of-first-refusal', label: 'right of first refusal, offer or negotiation',
    names: ['right of first refusal', 'right of first offer', 'right of first negotiation', 'rofr', 'rofo', '優先交渉権', '先買権'],
    cues: ['right of first refusal', 'right of first offer', 'right of first negotiation', 'first refusal', 'first right to', '優先交渉権', '優先的に交渉', '先買権'],
  },
  // ---- Termination, assignment, control -----------------------------------------------------
  {
    id: 'termination-for-convenience', label: 'termination for convenience', narrows: ['notices', 'termination-for-cause'],
    names: ['termination for convenience', 'terminate without cause', 'terminate … without cause', '任意解約', '中途解約', '解約'],
    cues: ['without cause', 'for convenience', 'for any reason or no reason', 'at any time upon … notice', 'terminate this agreement at any time', '中途解約', '解約することができる', 'ヶ月前までに … 通知', '予告'],
  },
  {
    id: 'termination-for-cause', label: 'termination for breach',
    names: ['termination for cause', 'termination for breach', 'terminate … breach', '契約解除', '解除', '催告解除', '無催告解除'],
    cues: ['materially breaches', 'material breach', 'terminate this agreement … if the other', 'insolvent', 'goes into liquidation', 'bankruptcy', '解除することができる', '催告', '破産', '差押', '支払停止'],
  },
  {
    id: 'change-of-control', label: 'change of control', narrows: ['anti-assignment', 'termination-for-cause'],
    names: ['change of control', 'change in control', 'merger', 'acquisition', '支配権の変更', '合併', '株主の変更'],
    cues: ['change of control', 'change in control', 'merger', 'merged', 'acquisition of', 'acquired by', 'controlling interest', 'substantially all of its assets', 'majority of … voting', '支配権', '合併', '株主構成', '経営権'],
  },
  {
    id: 'anti-assignment', label: 'assignment restrictions',
    names: ['anti-assignment', 'assignment', 'assigned to a third party', 'assign', 'transfer of the agreement', '権利義務の譲渡', '譲渡禁止', '地位の譲渡'],
    cues: ['not assign', 'may not assign', 'assignment or delegation', 'assign any right', 'delegate any obligation', 'without the prior written consent', 'transfer this agreement', '譲渡してはならない', '譲渡し', '承継させ', '担保に供'],
    weak: ['assign', 'consent'],
  },
  {
    id: 'subcontracting', label: 'subcontracting', narrows: ['anti-assignment'],
    names: ['subcontract', 'subcontracting', 'subcontractor', 'delegate', '再委託', '下請'],
    cues: ['subcontract', 'subcontractor', 'sub-contract', 'delegate … performance', '再委託', '第三者に委託', '下請'],
  },
  // ---- Money --------------------------------------------------------------------------------
  {
    id: 'revenue-sharing', label: 'revenue or profit sharing',
    names: ['revenue sharing', 'profit sharing', 'share revenue', 'share … profit', 'royalty', '収益分配', '利益分配', 'レベニューシェア', 'ロイヤルティ'],
    cues: ['share of the revenue', 'percentage of net sales', 'percentage of … revenue', 'percentage of … profits', 'royalty', 'royalties', 'revenue share', 'profit share', '収益の … 分配', '売上の … パーセント', 'ロイヤルティ'],
  },
  {
    id: 'price-restriction', label: 'price restrictions',
    names: ['price restriction', 'raise or reduce prices', 'price increase', 'price change', '価格の変更', '値上げ', '価格改定'],
    cues: ['shall not increase the price', 'price increase', 'prices shall remain', 'fixed price', 'not … raise … prices', 'price adjustment', '価格を改定', '値上げ', '価格の変更'],
  },
  {
    id: 'minimum-commitment', label: 'minimum commitment',
    names: ['minimum commitment', 'minimum order', 'minimum purchase', 'minimum amount', '最低購入', '最低発注', 'ミニマムコミットメント'],
    cues: ['minimum order', 'minimum purchase', 'minimum quantity', 'minimum commitment', 'minimum annual', 'shall purchase at least', '最低購入数量', '最低発注', '最低保証'],
  },
  {
    id: 'volume-restriction', label: 'volume restrictions',
    names: ['volume restriction', 'exceeds certain threshold', 'usage threshold', 'use … exceeds', '利用上限', '使用量の上限'],
    cues: ['exceed … volume', 'exceeds the threshold', 'in excess of … units', 'overage', 'additional fees for usage', 'usage limit', '上限を超え', '超過料金'],
  },
  {
    id: 'payment', label: 'payment terms',
    names: ['payment terms', 'payment', 'fees', 'invoice', '支払', '報酬', '委託料', '支払条件', '賃金の支払'],
    cues: ['shall pay', 'payable within', 'invoice', 'fees', 'payment', '支払う', '支払期日', '請求書', '振込'],
  },
  {
    id: 'liquidated-damages', label: 'liquidated damages or termination fee', narrows: ['damages', 'payment', 'post-termination'],
    names: ['liquidated damages', 'termination fee', 'penalty', '違約金', '損害賠償額の予定'],
    cues: ['liquidated damages', 'termination fee', 'break fee', 'penalty', '違約金', '損害賠償額の予定'],
  },
  // ---- Intellectual property and licences --------------------------------------------------
  {
    id: 'ip-ownership-assignment', label: 'ownership of work product and IP',
    names: ['ip ownership assignment', 'intellectual property … become the property', 'ownership of intellectual property', 'work product', '知的財産権の帰属', '成果物の権利帰属', '著作権の帰属'],
    cues: ['assign to … all right, title and interest', 'all right, title and interest', 'works made for hire', 'work made for hire', 'shall be the exclusive property', 'shall belong … to', 'hereby assigns', 'exclusive property', '権利は … 帰属する', '著作権 … 譲渡', '甲に帰属', '乙に帰属', '帰属する'],
  },
  {
    id: 'joint-ip-ownership', label: 'joint IP ownership', narrows: ['ip-ownership-assignment'],
    names: ['joint ip ownership', 'joint ownership', 'shared ownership', 'jointly owned', '共有', '共同所有'],
    cues: ['jointly owned', 'joint ownership', 'co-owned', 'owned jointly', '共有とする', '共有する', '持分'],
  },
  {
    id: 'license-grant', label: 'licence grant',
    names: ['license grant', 'license granted', 'licence', 'grant … license', '使用許諾', 'ライセンス', '利用許諾'],
    cues: ['hereby grants … license', 'grants … a license', 'grant of license', 'licensed to', 'non-exclusive license', 'exclusive license', 'sublicense', '使用を許諾', '利用を許諾', 'ライセンスを付与', '実施権'],
  },
  {
    id: 'non-transferable-license', label: 'non-transferable licence', narrows: ['license-grant'],
    names: ['non-transferable license', 'transfer the license', 'license … transfer', '譲渡不能', '再許諾'],
    cues: ['non-transferable', 'nontransferable', 'non-assignable', 'may not sublicense', 'not transfer … license', '譲渡不能', '再許諾できない', '再許諾してはならない'],
  },
  {
    id: 'affiliate-license-licensor', label: 'licence from the licensor’s affiliates', narrows: ['license-grant'],
    names: ['affiliate ip license-licensor', 'license grant by affiliates', 'affiliates of the licensor', '関連会社 … 許諾'],
    cues: ['licensor and its affiliates grant', 'affiliates of licensor', 'licensor’s affiliates', 'affiliate … hereby grants', '関連会社 … 許諾'],
  },
  {
    id: 'affiliate-license-licensee', label: 'licence to the licensee’s affiliates', narrows: ['license-grant'],
    names: ['affiliate ip license-licensee', 'licensee and the affiliates', 'affiliates of such licensee', 'licensee … and the affiliates', '子会社 … 許諾'],
    cues: ['licensee and its affiliates', 'affiliates of licensee', 'licensee’s affiliates', 'to licensee and its affiliates', '子会社 … 使用させる'],
  },
  {
    id: 'unlimited-license', label: 'unlimited usage licence', narrows: ['license-grant'],
    names: ['unlimited license', 'all you can eat', 'enterprise license', 'unlimited usage', '無制限'],
    cues: ['unlimited number of', 'unlimited use', 'enterprise-wide', 'all you can eat', 'without limitation on the number', '無制限に利用', '利用者数の制限なく'],
  },
  {
    id: 'irrevocable-license', label: 'irrevocable or perpetual licence', narrows: ['license-grant'],
    names: ['irrevocable license', 'perpetual license', 'irrevocable or perpetual', '永続的', '撤回不能'],
    cues: ['irrevocable', 'perpetual', 'in perpetuity', '永久', '撤回不能', '期間の定めなく'],
  },
  {
    id: 'source-code-escrow', label: 'source code escrow',
    names: ['source code escrow', 'escrow', 'ソースコードの寄託', 'エスクロー'],
    cues: ['escrow', 'source code … deposit', 'escrow agent', 'エスクロー', 'ソースコード … 寄託'],
  },
  {
    id: 'covenant-not-to-sue', label: 'covenant not to sue', narrows: ['ip-ownership-assignment'],
    names: ['covenant not to sue', 'contesting the validity', 'no challenge', '不争義務', '不争条項'],
    cues: ['not to sue', 'shall not contest', 'not challenge the validity', 'contest the validity', 'no-challenge', '有効性を争わない', '不争'],
  },
  // ---- After the end --------------------------------------------------------------------
  {
    id: 'post-termination', label: 'obligations after termination',
    names: ['post-termination services', 'obligations after the termination', 'after the termination or expiration', 'post-termination', 'wind-down', 'transition', 'survival', '契約終了後', '終了後の義務', '存続条項', '残存条項'],
    cues: ['upon termination or expiration', 'upon expiration or termination', 'following termination', 'after termination', 'shall survive', 'survive the termination', 'return … all materials', 'upon termination', 'transition services', '契約終了後', '終了後も', 'なお効力を有する', '返還', '廃棄'],
  },
  // ---- Audit, insurance, warranty, liability ------------------------------------------------
  {
    id: 'audit-rights', label: 'audit rights',
    names: ['audit rights', 'right to audit', 'audit the books', '監査', '立入検査', '報告請求'],
    cues: ['audit', 'inspect … books', 'books and records', 'examine … records', 'access to … records', '監査', '立入', '帳簿', '調査することができる', '報告を求める'],
  },
  {
    id: 'insurance', label: 'insurance',
    names: ['insurance', 'insured', '保険', '損害保険', '付保'],
    cues: ['insurance', 'insured', 'insurer', 'policy of insurance', 'additional insured', '保険', '付保'],
  },
  {
    id: 'warranty-duration', label: 'warranty period', narrows: ['warranty'],
    names: ['warranty duration', 'duration of any warranty', 'warranty period', '保証期間', '契約不適合責任の期間', '瑕疵担保期間'],
    cues: ['warranty period', 'warranty shall expire', 'period of … months from', 'period of … days from', 'for a period of … after delivery', 'for a period of … after acceptance', '保証期間', '引渡しから … 以内', '検収後 … 以内', '契約不適合'],
    weak: ['warrant', 'warranty', 'defects', '保証'],
  },
  {
    id: 'warranty', label: 'warranties',
    names: ['warranty', 'warranties', 'representations and warranties', '表明保証', '保証'],
    cues: ['warrants', 'represents and warrants', 'warranty', '表明し保証', '保証する'],
  },
  {
    id: 'uncapped-liability', label: 'uncapped liability', narrows: ['cap-on-liability', 'damages'],
    names: ['uncapped liability', 'uncapped', 'unlimited liability', 'uncap liability', '責任の上限なし', '無制限の責任'],
    cues: ['limitation shall not apply', 'limitations shall not apply', 'shall not apply with respect to', 'unlimited liability', 'without limit', 'not be subject to any limitation', 'excluded from … limitation', '上限は適用しない', '制限は … 適用しない', '故意又は重大な過失'],
  },
  {
    id: 'cap-on-liability', label: 'cap on liability', narrows: ['damages', 'indemnification'],
    names: ['cap on liability', 'limitation of liability', 'liability cap', 'maximum amount for recovery', 'limitations of liability', 'limit … liability', '損害賠償の上限', '責任制限', '賠償額の上限', '損害賠償の範囲'],
    cues: ['in no event shall … exceed', 'shall not exceed', 'total liability', 'aggregate liability', 'liability … limited to', 'shall be limited to', 'maximum liability', 'not be liable … indirect', 'indirect … consequential', 'loss of profits', 'must be commenced within', 'brought within', '上限とする', '超えない', '限度として', '損害賠償の総額', '直接かつ現実に生じた通常の損害', '逸失利益'],
    weak: ['liable', 'liability', '損害賠償'],
  },
  {
    id: 'indemnification', label: 'indemnification',
    names: ['indemnification', 'indemnify', 'indemnity', 'hold harmless', '補償', '免責'],
    cues: ['indemnify', 'hold harmless', 'defend, indemnify', 'indemnification', '補償する', '損害を賠償', '免責'],
  },
  {
    id: 'damages', label: 'damages',
    names: ['damages', 'compensation for damage', '損害賠償'],
    cues: ['liable for … damages', 'compensate', '損害を賠償する', '損害賠償'],
  },
  {
    id: 'third-party-beneficiary', label: 'third-party beneficiary',
    names: ['third party beneficiary', 'third-party beneficiary', 'non-contracting party who is a beneficiary', '第三者のためにする契約', '受益者'],
    cues: ['third party beneficiary', 'third-party beneficiary', 'third party beneficiaries', 'enforce … rights … third party', '第三者のためにする', '受益の意思'],
  },
  // ---- Common Japanese contract provisions -------------------------------------------------
  {
    id: 'confidentiality', label: 'confidentiality',
    names: ['confidentiality', 'confidential information', 'non-disclosure', 'nda', '秘密保持', '守秘義務', '機密保持', '秘密情報'],
    cues: ['confidential information', 'keep confidential', 'shall not disclose', 'not … divulge', 'confidential', '秘密を保持', '漏えい', '漏らして', '開示してはならない', '秘密情報', '機密'],
  },
  {
    id: 'personal-information', label: 'personal information',
    names: ['personal information', 'personal data', 'data protection', 'privacy', '個人情報', '個人データ', 'プライバシー'],
    cues: ['personal information', 'personal data', 'data protection', 'privacy', '個人情報', '個人データ', '個人情報の保護に関する法律'],
  },
  {
    id: 'antisocial-forces', label: 'exclusion of antisocial forces',
    names: ['antisocial forces', 'organized crime', 'anti-social', '反社会的勢力', '反社', '暴力団排除'],
    cues: ['antisocial forces', 'organized crime', 'crime syndicate', '反社会的勢力', '暴力団', '暴力団員', '総会屋'],
  },
  {
    id: 'force-majeure', label: 'force majeure',
    names: ['force majeure', 'act of god', '不可抗力'],
    cues: ['force majeure', 'act of god', 'beyond … reasonable control', '不可抗力', '天災地変'],
  },
  {
    id: 'notices', label: 'notices',
    names: ['notices', 'notice', '通知'],
    cues: ['notice will be in writing', 'notices shall be', 'registered mail', 'written notice', '書面により通知', '通知する'],
  },
  {
    id: 'entire-agreement', label: 'entire agreement',
    names: ['entire agreement', 'integration clause', '完全合意'],
    cues: ['entire agreement', 'complete and exclusive understanding', 'supersedes all prior', '完全な合意', '従前の合意'],
  },
  {
    id: 'severability', label: 'severability',
    names: ['severability', '分離可能性'],
    cues: ['held to be invalid', 'invalid or unenforceable', 'remaining provisions', '無効 … 残りの規定', '分離可能'],
  },
  {
    id: 'delivery-acceptance', label: 'delivery and acceptance',
    names: ['delivery', 'acceptance', 'inspection', '納品', '検収', '検査'],
    cues: ['acceptance test', 'deliver', 'accept', '納入', '納品', '検収', '検査'],
  },
  // ---- 就業規則 (work rules) ----------------------------------------------------------------
  {
    id: 'work-discipline', label: 'rules of conduct',
    names: ['rules of conduct', 'code of conduct', 'work discipline', '服務規律', '遵守事項', '服務'],
    cues: ['shall comply', 'code of conduct', '服務規律', '遵守しなければならない', '職務に専念', '遵守事項'],
  },
  {
    id: 'harassment', label: 'harassment',
    names: ['harassment', 'sexual harassment', 'power harassment', 'ハラスメント', 'セクシュアルハラスメント', 'パワーハラスメント', 'セクハラ', 'パワハラ'],
    cues: ['harassment', 'harass', 'ハラスメント', '性的言動', '優越的な関係', '就業環境を害'],
  },
  {
    id: 'annual-leave', label: 'annual paid leave',
    names: ['annual leave', 'paid leave', 'paid vacation', '年次有給休暇', '有給休暇', '年休'],
    cues: ['annual paid leave', 'paid leave', 'vacation days', '年次有給休暇', '有給休暇', '継続勤務', '出勤率'],
  },
  {
    id: 'working-hours', label: 'working hours and breaks',
    names: ['working hours', 'hours of work', 'break time', 'overtime', '労働時間', '始業', '終業', '休憩', '時間外労働', '残業'],
    cues: ['working hours', 'overtime', 'break', '始業時刻', '終業時刻', '休憩時間', '時間外労働', '休日労働', '所定労働時間'],
  },
  {
    id: 'holidays', label: 'holidays',
    names: ['holidays', 'days off', '休日'],
    cues: ['holidays', 'days off', '休日は', '振替休日', '国民の祝日', '週休'],
  },
  {
    id: 'disciplinary-action', label: 'disciplinary action',
    names: ['disciplinary action', 'discipline', 'disciplinary dismissal', '懲戒', '懲戒処分', '懲戒解雇'],
    cues: ['disciplinary', 'reprimand', 'suspension without pay', 'dismissal', '懲戒', 'けん責', '譴責', '減給', '出勤停止', '諭旨解雇', '懲戒解雇'],
  },
  {
    id: 'leave-of-absence', label: 'leave of absence',
    names: ['leave of absence', 'sick leave', '休職', '休職期間', '復職'],
    cues: ['leave of absence', 'sick leave', 'return to work', '休職', '復職', '休職期間'],
  },
  {
    id: 'side-jobs', label: 'side jobs',
    names: ['side jobs', 'outside employment', 'moonlighting', 'secondary employment', '副業', '兼業', '副業・兼業'],
    cues: ['outside employment', 'secondary employment', 'other employment', '副業', '兼業', '他の会社等の業務に従事'],
  },
  {
    id: 'transfer', label: 'transfers and reassignment',
    names: ['transfer', 'reassignment', 'relocation', '人事異動', '配置転換', '配転', '転勤', '出向', '異動'],
    cues: ['change of workplace', 'transfer to another', '就業する場所', '従事する業務の変更', '異動を命ずる', '転勤を命ずる', '配置転換', '出向を命ずる'],
  },
  {
    id: 'probation', label: 'probation period',
    names: ['probation', 'probationary period', 'trial period', '試用期間', '試用'],
    cues: ['probationary period', 'probation', '試用期間'],
  },
  {
    id: 'dismissal', label: 'dismissal and retirement',
    names: ['dismissal', 'termination of employment', 'retirement', 'resignation', '解雇', '退職', '定年'],
    cues: ['dismiss', 'retire', 'resign', '解雇', '退職', '定年', '30日前に予告'],
  },
  {
    id: 'wages', label: 'wages',
    names: ['wages', 'salary', 'pay', '賃金', '給与', '賞与', '退職金'],
    cues: ['wages', 'salary', 'bonus', '賃金', '給与', '賞与', '手当', '退職金'],
  },
  {
    id: 'childcare-leave', label: 'childcare and family care leave',
    names: ['parental leave', 'childcare leave', 'family care leave', '育児休業', '介護休業', '産前産後休業'],
    cues: ['parental leave', 'childcare leave', 'family care', '育児休業', '介護休業', '産前産後', '育児・介護休業法'],
  },
  {
    id: 'health-safety', label: 'health and safety',
    names: ['health and safety', 'health check', 'medical examination', '安全衛生', '健康診断', 'ストレスチェック'],
    cues: ['health and safety', 'medical examination', '安全衛生', '健康診断', '災害補償', 'ストレスチェック'],
  },
];
