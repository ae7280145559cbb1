/** Russian email texts. */
import { meterName, premiseLines, verificationLines } from './reminder-lines.ts';
import type { MailTexts } from './types.ts';

export const ru: MailTexts = {
  greeting: (name) => (name ? `Здравствуйте, ${name}!` : 'Здравствуйте!'),
  registerConfirm: ({ tenant }) => ({
    subject: `Подтверждение регистрации – ${tenant}`,
    heading: 'Подтвердите регистрацию',
    paragraphs: [
      `Вы получили это письмо, потому что с этим адресом электронной почты была зарегистрирована новая учётная запись на портале клиентов ${tenant}.`,
      'Чтобы подтвердить регистрацию, нажмите на кнопку ниже. Ссылка действительна 24 часа, и её можно использовать один раз.',
    ],
    action: 'Подтвердить регистрацию',
    footer: 'Если вы не регистрировались, просто проигнорируйте это письмо.',
  }),
  alreadyRegistered: ({ tenant }) => ({
    subject: `У вас уже есть учётная запись – ${tenant}`,
    heading: 'У вас уже есть учётная запись',
    paragraphs: [
      `Кто-то (возможно, вы) пытался зарегистрироваться на портале клиентов ${tenant} с этим адресом электронной почты, но для него уже есть учётная запись.`,
      'Если вы не помните пароль, в окне входа выберите «Забыли пароль?».',
    ],
    action: 'Открыть портал клиентов',
    footer: 'Если это были не вы, проигнорируйте это письмо – в вашей учётной записи ничего не изменилось.',
  }),
  passwordReset: ({ tenant }) => ({
    subject: `Восстановление пароля – ${tenant}`,
    heading: 'Восстановление пароля',
    paragraphs: [
      `Мы получили запрос на восстановление пароля вашей учётной записи на портале клиентов ${tenant}.`,
      'Чтобы выбрать новый пароль, нажмите на кнопку ниже. Ссылка действительна 30 минут, и её можно использовать один раз.',
    ],
    action: 'Выбрать новый пароль',
    footer: 'Если вы не запрашивали восстановление пароля, проигнорируйте это письмо – пароль останется прежним.',
  }),
  passwordChanged: ({ tenant }) => ({
    subject: `Ваш пароль изменён – ${tenant}`,
    heading: 'Ваш пароль изменён',
    paragraphs: [
      `Пароль вашей учётной записи на портале клиентов ${tenant} только что был изменён, и вы вышли из системы на всех устройствах.`,
      `Если это сделали не вы, немедленно восстановите пароль и свяжитесь с ${tenant}.`,
    ],
    action: 'Открыть портал клиентов',
  }),
  emailChangeConfirm: ({ tenant }) => ({
    subject: `Подтвердите новый адрес электронной почты – ${tenant}`,
    heading: 'Подтвердите новый адрес электронной почты',
    paragraphs: [
      `На портале клиентов ${tenant} запрошена смена адреса электронной почты для входа на этот адрес.`,
      'Адрес изменится только после подтверждения. Ссылка действительна 24 часа, и её можно использовать один раз.',
    ],
    action: 'Подтвердить адрес',
    footer: 'Если вы этого не запрашивали, проигнорируйте это письмо.',
  }),
  emailChangeNotice: ({ tenant, newEmail }) => ({
    subject: `Запрошена смена адреса электронной почты – ${tenant}`,
    heading: 'Запрошена смена адреса электронной почты',
    paragraphs: [
      `Для вашей учётной записи на портале клиентов ${tenant} запрошена смена адреса электронной почты для входа на ${newEmail}.`,
      'Адрес изменится только после подтверждения с нового адреса.',
      `Если это сделали не вы, смените пароль и свяжитесь с ${tenant}.`,
    ],
  }),
  windowOpens: ({ tenant, firstDay, lastDay, premises }) => ({
    subject: `Показания можно передать с ${firstDay} по ${lastDay} – ${tenant}`,
    heading: 'Можно передать показания счётчиков',
    paragraphs: [`Показания счётчиков можно передать с ${firstDay} по ${lastDay}. Ещё ждём:`, ...premiseLines(premises, ru.meterKinds)],
    action: 'Передать показания',
  }),
  windowLastDay: ({ tenant, lastDay, premises }) => ({
    subject: `Сегодня (${lastDay}) последний день для передачи показаний – ${tenant}`,
    heading: 'Последний день для передачи показаний',
    paragraphs: [`Сегодня, ${lastDay}, последний день, когда можно передать показания счётчиков. Ещё ждём:`, ...premiseLines(premises, ru.meterKinds)],
    action: 'Передать показания',
  }),
  readingReceipt: ({ tenant, premise, meter, period, value, unit, receivedAt, corrected }) => ({
    subject: `${corrected ? 'Исправленные показания получены' : 'Показания получены'}: ${premise} – ${tenant}`,
    heading: corrected ? 'Исправленные показания получены' : 'Показания получены',
    paragraphs: [
      `${receivedAt} мы получили ваши ${corrected ? 'исправленные ' : ''}показания за ${period}.`,
      `${premise}: ${meterName(meter, ru.meterKinds)} – ${value} ${unit}.`,
      'До конца приёма показаний их ещё можно исправить.',
    ],
    action: 'Посмотреть показания',
  }),
  verificationDue: ({ tenant, meters }) => ({
    subject: `Приближается срок поверки счётчиков – ${tenant}`,
    heading: 'Приближается срок поверки счётчиков',
    paragraphs: [
      'У этих счётчиков приближается срок поверки:',
      ...verificationLines(meters, ru.meterKinds),
      `После этой даты показания счётчика больше нельзя будет передать. Пожалуйста, заранее договоритесь с ${tenant} о замене или поверке счётчика.`,
    ],
    action: 'Посмотреть счётчики',
  }),
  newInvoice: ({ tenant, number, period, premise, amountToPay, dueDate, payment }) => ({
    subject: `Счёт ${number} за ${period} – ${tenant}`,
    heading: `Счёт за ${period}`,
    paragraphs: [
      `${premise}: счёт ${number}, к оплате ${amountToPay} EUR до ${dueDate}. Счёт во вложении (PDF).`,
      ...(payment ? [`Получатель: ${payment.recipient}, счёт ${payment.iban}, назначение платежа: ${payment.reference}.`] : []),
    ],
    action: 'Открыть счета',
  }),
  meterKinds: { cold_water: 'Холодная вода', hot_water: 'Горячая вода', heat: 'Тепло', electricity: 'Электричество', gas: 'Газ' },
  subscription: ({ tenant, category }) => ({
    footer: `Вы получили это письмо, потому что на портале клиентов ${tenant} выбрали получать ${ru.categories[category]}.`,
    unsubscribe: 'Отписаться от этих писем',
  }),
  categories: {
    readingReminders: 'напоминания о передаче показаний счётчиков',
    readingReceipts: 'подтверждения получения показаний',
    invoicesByEmail: 'счета по электронной почте',
    newNotices: 'новые объявления',
    managerReplies: 'ответы управляющего',
  },
};
